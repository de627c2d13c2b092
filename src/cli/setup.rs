//! What a run is set up with: the config found or given, and the engine built from it with the
//! policy (path filter, suppressions, `--baseline`) it applies to every report.

use super::flags::InputArgs;
use super::EXIT_FAILURE;
use crate::config::Config;
use crate::engine::{Engine, Options};
use crate::input;
use crate::policy::Baseline;
use std::io;
use std::path::Path;

/// Whether a command aligns sentences, and with the model directory of its `--embed` (or
/// `BITEXT_MODEL`): one that does not never loads a model, whatever the config says.
pub(super) enum Aligning<'a> {
    No,
    Yes(Option<&'a Path>),
}

/// Build the engine of a run from its input flags, `--config`, `--embed` and `--baseline`; on
/// failure the message is said on stderr and the exit status returned.
///
/// The engine lasts as long as the process: it is never torn down, since the process ends with
/// the run and the system takes its memory back at once (freeing the model's mapping and the
/// tables one by one would cost a one-page run several milliseconds).
pub(super) fn engine(
    args: &InputArgs,
    aligning: Aligning,
    baseline: Option<&Path>,
) -> Result<&'static Engine, i32> {
    build(args, aligning, baseline).map(|engine| &*Box::leak(Box::new(engine)))
}

fn build(args: &InputArgs, aligning: Aligning, baseline: Option<&Path>) -> Result<Engine, i32> {
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
    // The model loads while the first documents are read; a run's output waits for it
    // ([`ModelGate`]).
    let engine =
        Engine::with_config_loading(options, config, &base).map_err(|e| fail(e.to_string()))?;
    match baseline {
        None => Ok(engine),
        Some(path) => {
            let baseline = Baseline::read(path).map_err(|e| fail(e.to_string()))?;
            Ok(engine.with_baseline(baseline))
        }
    }
}

/// Holds back a run's output until the engine's model, still loading while the first
/// documents are read and detected, has loaded: if it cannot be, nothing is written but its
/// error, as when the model was loaded before anything else.
pub(super) struct ModelGate<'e> {
    engine: &'e Engine,
    passed: bool,
}

impl<'e> ModelGate<'e> {
    pub(super) fn new(engine: &'e Engine) -> ModelGate<'e> {
        ModelGate {
            engine,
            passed: false,
        }
    }

    /// Call before writing anything: waits for the model; an error (which stops the run) when
    /// it could not be loaded.
    pub(super) fn pass(&mut self) -> io::Result<()> {
        if !self.passed {
            self.engine
                .model_ready()
                .map_err(|_| io::Error::other("the sentence encoder did not load"))?;
            self.passed = true;
        }
        Ok(())
    }

    /// After the run (also one that gave nothing to write): the exit status of a model that
    /// could not be loaded, its error said on stderr.
    pub(super) fn failed(self) -> Option<i32> {
        let error = self.engine.model_ready().err()?;
        eprintln!("bitext: {error}");
        Some(EXIT_FAILURE)
    }
}

fn has_input(args: &InputArgs) -> bool {
    !args.inputs.is_empty() || args.en.is_some() || args.jsonl.is_some()
}
