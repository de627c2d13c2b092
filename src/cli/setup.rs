//! What a run is set up with: the config found or given, and the engine built from it with the
//! policy (path filter, suppressions, `--baseline`) it applies to every report.

use super::flags::InputArgs;
use super::EXIT_FAILURE;
use crate::config::Config;
use crate::engine::{Engine, Options};
use crate::input;
use crate::policy::Baseline;
use std::path::Path;

/// Whether a command aligns sentences, and with the model directory of its `--embed` (or
/// `BITEXT_MODEL`): one that does not never loads a model, whatever the config says.
pub(super) enum Aligning<'a> {
    No,
    Yes(Option<&'a Path>),
}

/// Build the engine of a run from its input flags, `--config`, `--embed` and `--baseline`; on
/// failure the message is said on stderr and the exit status returned.
pub(super) fn engine(
    args: &InputArgs,
    aligning: Aligning,
    baseline: Option<&Path>,
) -> Result<Engine, i32> {
    let fail = |message: String| {
        eprintln!("bitext: {message}");
        EXIT_FAILURE
    };
    input::limits::set_max_bytes(args.max_filesize);
    if !has_input(args) {
        return Err(fail(
            "no input; give files, directories, `-`, --en FILE --zh FILE, or --jsonl FILE"
                .to_owned(),
        ));
    }
    let options = Options {
        source: args.source.lang(),
    };
    let (mut config, base) =
        Config::discover(args.config.as_deref()).map_err(|e| fail(e.to_string()))?;
    match aligning {
        Aligning::No => config.align.model = None,
        Aligning::Yes(None) => {}
        Aligning::Yes(Some(dir)) => config
            .set_model(dir)
            .map_err(|e| fail(format!("--embed {e}")))?,
    }
    let engine = Engine::with_config(options, config, &base).map_err(|e| fail(e.to_string()))?;
    match baseline {
        None => Ok(engine),
        Some(path) => {
            let baseline = Baseline::read(path).map_err(|e| fail(e.to_string()))?;
            Ok(engine.with_baseline(baseline))
        }
    }
}

fn has_input(args: &InputArgs) -> bool {
    !args.inputs.is_empty() || args.en.is_some() || args.jsonl.is_some()
}
