//! The ordered runner: units of work read and checked on worker threads, results handed on in
//! input order, a bounded number in flight so memory stays flat over large batches. A panic while
//! checking one document costs that document, not the batch.

use super::flags::InputArgs;
use crate::input::{self, Document, InputError, Source};
use crate::model::Unreadable;
use crate::policy::Policy;
use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::sync::mpsc;

/// One unit of work, read lazily so that memory stays flat over large batches.
pub(super) enum Work {
    Source(Source),
    Paired {
        en: PathBuf,
        zh: PathBuf,
        sentences_per_line: bool,
    },
    /// A JSONL record, already read.
    Record(Document),
    Failed(InputError),
}

/// What became of one unit of work.
pub(super) enum Outcome<T> {
    Done(T),
    Skipped { path: String, reason: String },
    Unreadable(Unreadable),
}

/// The work of a run, in input order: the `--en/--zh` pair, the command-line inputs, then the
/// JSONL records, read one at a time as the workers ask for them.
pub(super) fn work_items(
    args: &InputArgs,
    policy: &Policy,
) -> Box<dyn Iterator<Item = Work> + Send> {
    let mut items = Vec::new();
    if let (Some(en), Some(zh)) = (&args.en, &args.zh) {
        items.push(Work::Paired {
            en: en.clone(),
            zh: zh.clone(),
            sentences_per_line: args.sentences_per_line,
        });
    }
    for source in input::expand(&args.inputs) {
        items.push(match source {
            // Include/exclude globs select among files found by walking; files named on the
            // command line are always read.
            Ok(Source::File {
                path,
                explicit: false,
            }) if !policy.allows_walked(&path) => continue,
            Ok(s) => Work::Source(s),
            Err(e) => Work::Failed(e),
        });
    }
    let records: Box<dyn Iterator<Item = Work> + Send> = match &args.jsonl {
        None => Box::new(std::iter::empty()),
        Some(path) => match input::open_jsonl(path) {
            Ok(reader) => Box::new(reader.map(|r| match r {
                Ok(doc) => Work::Record(doc),
                Err(e) => Work::Failed(e),
            })),
            Err(e) => Box::new(std::iter::once(Work::Failed(e))),
        },
    };
    Box::new(items.into_iter().chain(records))
}

/// Every path the run reads (not standard input).
pub(super) fn input_paths(args: &InputArgs) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = args.inputs.clone();
    paths.extend(args.en.clone());
    paths.extend(args.zh.clone());
    paths.extend(args.jsonl.clone());
    paths.extend(args.config.clone());
    paths.retain(|p| p.as_os_str() != "-");
    paths
}

/// Say on stderr what became of an input that gave no document (skips only when not `quiet`);
/// true when it could not be read.
pub(super) fn tell_failure<T>(outcome: &Outcome<T>, quiet: bool) -> bool {
    match outcome {
        Outcome::Done(_) => false,
        Outcome::Skipped { path, reason } => {
            if !quiet {
                eprintln!("bitext: skipped {path}: {reason}");
            }
            false
        }
        Outcome::Unreadable(u) => {
            eprintln!("bitext: {}", u.message);
            true
        }
    }
}

/// Why a unit of work gave no document.
enum ReadFailure {
    /// Found by walking a directory and not text: listed, not an error.
    Skipped {
        path: String,
        reason: String,
    },
    Unreadable(Unreadable),
}

fn read(work: Work) -> Result<Document, ReadFailure> {
    let walked = matches!(
        &work,
        Work::Source(Source::File {
            explicit: false,
            ..
        })
    );
    let (path, result) = match work {
        Work::Source(source) => (source.display(), input::read_document(&source)),
        Work::Paired {
            en,
            zh,
            sentences_per_line,
        } => {
            let read = if sentences_per_line {
                input::read_paired_sentences
            } else {
                input::read_paired
            };
            (en.display().to_string(), read(&en, &zh))
        }
        Work::Record(doc) => return Ok(doc),
        Work::Failed(e) => (String::new(), Err(e)),
    };
    result.map_err(|e| {
        if walked && e.is_not_text() {
            ReadFailure::Skipped {
                path,
                reason: e.to_string(),
            }
        } else {
            ReadFailure::Unreadable(Unreadable {
                path,
                message: e.to_string(),
            })
        }
    })
}

/// Threads for `-j N`: all cores when not given or 0; more than a few per core only adds memory
/// and start-up time, so a larger `N` is capped (with a note).
fn worker_threads(jobs: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = (cores * 4).max(8);
    match jobs {
        None | Some(0) => cores,
        Some(n) if n > most => {
            eprintln!("bitext: -j {n} is more than this machine can use; using {most} threads");
            most
        }
        Some(n) => n,
    }
}

/// Process work items on `jobs` threads and hand the results to `write` in input order. At most a
/// bounded number of documents are in flight, so memory does not grow with the batch.
pub(super) fn run_ordered<T: Send>(
    items: impl Iterator<Item = Work> + Send,
    jobs: Option<usize>,
    process: impl Fn(Document) -> T + Sync,
    mut write: impl FnMut(Outcome<T>) -> io::Result<()>,
) -> io::Result<()> {
    let threads = worker_threads(jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    // Tokens bound the documents in flight: the producer takes one per document, the writer gives
    // it back once the document is written.
    let window = threads * 8;
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        let _ = token_tx.send(());
    }
    let (result_tx, result_rx) = mpsc::channel::<(usize, Outcome<T>)>();
    let process = &process;
    let pool = &pool;
    std::thread::scope(move |threads_scope| {
        threads_scope.spawn(move || {
            pool.in_place_scope(|scope| {
                for (seq, work) in items.enumerate() {
                    if token_rx.recv().is_err() {
                        break; // the writer stopped (e.g. a closed pipe)
                    }
                    let tx = result_tx.clone();
                    scope.spawn(move |_| {
                        let outcome = match read(work) {
                            // A bug must cost one document, not the batch: contain the panic.
                            Ok(doc) => {
                                let path = doc.path.clone();
                                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    test_panic(&doc.path);
                                    process(doc)
                                })) {
                                    Ok(done) => Outcome::Done(done),
                                    Err(panic) => Outcome::Unreadable(Unreadable {
                                        message: format!(
                                            "{path}: internal error while checking it ({}); \
                                             please report it with the input",
                                            panic_message(panic.as_ref())
                                        ),
                                        path,
                                    }),
                                }
                            }
                            Err(ReadFailure::Skipped { path, reason }) => {
                                Outcome::Skipped { path, reason }
                            }
                            Err(ReadFailure::Unreadable(u)) => Outcome::Unreadable(u),
                        };
                        let _ = tx.send((seq, outcome));
                    });
                }
            });
        });
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        let mut written = Ok(());
        'results: for (seq, outcome) in &result_rx {
            pending.insert(seq, outcome);
            while let Some(outcome) = pending.remove(&next) {
                next += 1;
                written = write(outcome);
                if written.is_err() {
                    break 'results;
                }
                let _ = token_tx.send(());
            }
        }
        // Dropping both ends stops the producer if writing failed (e.g. a closed pipe).
        drop(token_tx);
        drop(result_rx);
        written
    })
}

/// Debug builds only: panic on a document whose path holds `$BITEXT_TEST_PANIC`, so the tests
/// can show that one failing document does not stop a batch.
fn test_panic(path: &str) {
    if cfg!(debug_assertions) {
        if let Some(p) = std::env::var_os("BITEXT_TEST_PANIC") {
            if path.contains(p.to_string_lossy().as_ref()) {
                panic!("test panic on {path}");
            }
        }
    }
}

/// The message a panic carried, if it was a string.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}
