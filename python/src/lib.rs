//! `bitext` for Python: one [`Engine`] built once and shared across threads; each call releases
//! the GIL while bitext works. Reports come back as the contract's JSON, read by Python's `json`
//! module, so a dict here is exactly a `documents[]` element of `bitext check --format json`.

use bitext::input::{parse_record, record_document};
use bitext::{Baseline, Config, Document, Engine, Lang, Options};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyIterator, PyList, PyString, PyTuple};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};

create_exception!(
    bitext,
    BitextError,
    PyException,
    "An error of bitext; the message is the one the command line gives."
);
create_exception!(
    bitext,
    ConfigError,
    BitextError,
    "The configuration, a dictionary it names or the baseline could not be read or is invalid."
);
create_exception!(
    bitext,
    InputError,
    BitextError,
    "A document or record could not be read (a malformed JSONL record, say)."
);

/// The original side named by `source`: `auto` (decide each pair from the page), `en` or `zh`.
fn parse_source(source: &str) -> PyResult<Option<Lang>> {
    if source.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    source.parse::<Lang>().map(Some).map_err(|_| {
        PyValueError::new_err(format!(
            "source must be \"auto\", \"en\" or \"zh\", not {source:?}"
        ))
    })
}

/// One side of a pair: text to split, or sentences already split.
#[derive(FromPyObject)]
enum Side {
    Text(String),
    Sentences(Vec<String>),
}

/// The document a `check` or `align` call names: a page, or both sides of a pair.
fn document(
    page: Option<String>,
    en: Option<Side>,
    zh: Option<Side>,
    id: Option<String>,
    path: Option<String>,
) -> PyResult<Document> {
    let path = path.unwrap_or_else(|| "-".to_owned());
    match (page, en, zh) {
        (Some(text), None, None) => {
            let mut doc = Document::page(path, text);
            doc.id = id.or(doc.id);
            Ok(doc)
        }
        (Some(_), _, _) => Err(PyValueError::new_err(
            "give page=... or en=... and zh=..., not both",
        )),
        (None, Some(Side::Text(en)), Some(Side::Text(zh))) => Ok(Document::pair(path, id, en, zh)),
        (None, Some(Side::Sentences(en)), Some(Side::Sentences(zh))) => {
            Ok(Document::sentences(path, id, en, zh))
        }
        (None, Some(_), Some(_)) => Err(PyValueError::new_err(
            "en and zh must both be strings (text to split) or both lists of sentences",
        )),
        (None, None, None) => Err(PyValueError::new_err(
            "nothing to check: give page=... or en=... and zh=...",
        )),
        (None, Some(_), None) => Err(PyValueError::new_err("en=... is given but zh=... is not")),
        (None, None, Some(_)) => Err(PyValueError::new_err("zh=... is given but en=... is not")),
    }
}

/// Python's `json.loads` of text bitext serialised.
fn json_loads(py: Python<'_>, json: &str) -> PyResult<PyObject> {
    let loads = py.import("json")?.getattr("loads")?;
    Ok(loads.call1((json,))?.unbind())
}

fn serialisation_error(e: serde_json::Error) -> PyErr {
    BitextError::new_err(format!("internal error: a report did not serialise ({e})"))
}

/// A record given as Python data (a dict, as `json.loads` gives), as JSON.
fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        Ok(Value::Null)
    } else if let Ok(b) = obj.downcast::<PyBool>() {
        Ok(Value::Bool(b.is_true()))
    } else if obj.is_instance_of::<PyString>() {
        Ok(Value::String(obj.extract::<String>()?))
    } else if obj.is_instance_of::<PyInt>() {
        match obj.extract::<i64>() {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => Ok(Value::String(obj.str()?.extract::<String>()?)),
        }
    } else if obj.is_instance_of::<PyFloat>() {
        Ok(serde_json::Number::from_f64(obj.extract::<f64>()?).map_or(Value::Null, Value::Number))
    } else if let Ok(d) = obj.downcast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = k.extract::<String>().map_err(|_| {
                PyTypeError::new_err(
                    "a record's keys must be strings (\"id\", \"en\", \"zh\", \"page\")",
                )
            })?;
            map.insert(key, to_value(&v)?);
        }
        Ok(Value::Object(map))
    } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        obj.try_iter()?
            .map(|item| to_value(&item?))
            .collect::<PyResult<Vec<Value>>>()
            .map(Value::Array)
    } else {
        Err(PyTypeError::new_err(format!(
            "a record holds a {} where JSON data was expected",
            obj.get_type().name()?
        )))
    }
}

/// The document of one record of a batch given as a dict.
fn record(obj: &Bound<'_, PyAny>, name: &str, line: usize) -> PyResult<Result<Document, String>> {
    if !obj.is_instance_of::<PyDict>() {
        return Ok(Err(format!(
            "{name}: line {line}: not a record: a dict or a JSON line was expected, not a {}",
            obj.get_type().name()?
        )));
    }
    let value = to_value(obj)?;
    Ok(record_document(name, line, value).map_err(|e| e.to_string()))
}

/// The checker: build it once (it loads the dictionaries, about a second), then check or align
/// as many documents as you like, from as many threads as you like. Each call releases the GIL
/// while bitext works.
///
/// ``config`` is the path of a ``bitext.toml`` (rule severities, extra dictionaries,
/// suppressions); ``None`` means the defaults (no file is looked for). ``baseline`` is a report of
/// ``bitext check --format json``: only findings it does not hold are reported. ``source`` is the
/// original side, ``"auto"`` (decide each pair from the page), ``"en"`` or ``"zh"``. ``model`` is
/// the sentence encoder's directory (``scripts/fetch-model.sh``; as ``bitext --embed``): the
/// aligner then also weighs what the sentences mean; it overrides the config's ``[align] model``.
#[pyclass(name = "Engine", module = "bitext", frozen)]
struct PyEngine {
    engine: Arc<Engine>,
}

impl PyEngine {
    /// One document through `work` (check or align, as JSON) with the GIL released, its
    /// result as Python objects.
    fn run(
        &self,
        py: Python<'_>,
        doc: &Document,
        source: Option<&str>,
        work: impl Fn(&Engine, &Document, &Options) -> serde_json::Result<String> + Sync,
    ) -> PyResult<PyObject> {
        let options = self.options(source)?;
        let engine = &*self.engine;
        let json = py
            .allow_threads(|| work(engine, doc, &options))
            .map_err(serialisation_error)?;
        json_loads(py, &json)
    }

    fn options(&self, source: Option<&str>) -> PyResult<Options> {
        match source {
            None => Ok(self.engine.options().clone()),
            Some(s) => Ok(Options {
                source: parse_source(s)?,
            }),
        }
    }
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (config=None, *, baseline=None, source="auto", model=None))]
    fn new(
        py: Python<'_>,
        config: Option<PathBuf>,
        baseline: Option<PathBuf>,
        source: &str,
        model: Option<PathBuf>,
    ) -> PyResult<Self> {
        let options = Options {
            source: parse_source(source)?,
        };
        let engine = py
            .allow_threads(move || -> Result<Engine, String> {
                let (mut settings, base) = match &config {
                    Some(path) => Config::discover(Some(path)).map_err(|e| e.to_string())?,
                    None => (Config::default(), PathBuf::from(".")),
                };
                if let Some(dir) = model {
                    settings.set_model(&dir).map_err(|e| format!("model {e}"))?;
                }
                let engine =
                    Engine::with_config(options, settings, &base).map_err(|e| e.to_string())?;
                match &baseline {
                    Some(path) => {
                        let baseline = Baseline::read(path).map_err(|e| e.to_string())?;
                        Ok(engine.with_baseline(baseline))
                    }
                    None => Ok(engine),
                }
            })
            .map_err(ConfigError::new_err)?;
        Ok(PyEngine {
            engine: Arc::new(engine),
        })
    }

    /// Check one document and return its report: the contract's document (a ``documents[]``
    /// element of ``bitext check --format json``) as a dict.
    ///
    /// Give a page (``page=``, plain text or HTML: the abstracts are found in it) or a pair
    /// (``en=`` and ``zh=``, each a string to split into sentences or a list of sentences).
    /// ``path`` names the document in the report (default ``"-"``, as standard input); ``id`` is
    /// its id (a page's default: the first DOI in it). ``source`` overrides the engine's.
    #[pyo3(signature = (page=None, *, en=None, zh=None, id=None, path=None, source=None))]
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        py: Python<'_>,
        page: Option<String>,
        en: Option<Side>,
        zh: Option<Side>,
        id: Option<String>,
        path: Option<String>,
        source: Option<&str>,
    ) -> PyResult<PyObject> {
        let doc = document(page, en, zh, id, path)?;
        self.run(py, &doc, source, |e, d, o| {
            serde_json::to_string(&e.check_with(d, o))
        })
    }

    /// Align one document (given as to ``check``) and return its sentence beads, as ``bitext
    /// align --format jsonl`` writes them: a list of dicts with ``doc``, ``pair``, ``section``,
    /// ``en``, ``zh``, ``en_lines``, ``zh_lines``, ``score`` and ``findings``.
    #[pyo3(signature = (page=None, *, en=None, zh=None, id=None, path=None, source=None))]
    #[allow(clippy::too_many_arguments)]
    fn align(
        &self,
        py: Python<'_>,
        page: Option<String>,
        en: Option<Side>,
        zh: Option<Side>,
        id: Option<String>,
        path: Option<String>,
        source: Option<&str>,
    ) -> PyResult<PyObject> {
        let doc = document(page, en, zh, id, path)?;
        self.run(py, &doc, source, |e, d, o| {
            serde_json::to_string(&e.align_with(d, o))
        })
    }

    /// Check a stream of records on ``jobs`` threads (default: all cores) and yield their
    /// reports in input order, as ``bitext check --jsonl - --format jsonl`` does.
    ///
    /// Each record is a dict (``{"id", "en", "zh"}`` or ``{"id", "page"}``) or a JSONL line
    /// (``str``). Records are read as the results are taken, a bounded number ahead, so the
    /// input may be larger than memory. ``name`` stands for the input in paths (``name#id``).
    /// A record that cannot be read raises :class:`InputError` with the command line's message
    /// (``errors="raise"``), or yields ``{"path": name, "error": message}``
    /// (``errors="report"``) and the batch goes on.
    ///
    /// Records are numbered from ``first_line`` as the lines of a JSONL file (a record without an
    /// id is ``name#LINE``); a blank line (a ``str`` of white space) is counted and skipped, as
    /// ``--jsonl`` does. Give the number of the first line when the records are a slice of a
    /// file (a Spark partition).
    #[pyo3(signature = (records, *, jobs=None, source=None, name="-", errors="raise", first_line=1))]
    #[allow(clippy::too_many_arguments)]
    fn check_many(
        &self,
        records: &Bound<'_, PyAny>,
        jobs: Option<usize>,
        source: Option<&str>,
        name: &str,
        errors: &str,
        first_line: usize,
    ) -> PyResult<CheckMany> {
        let report_errors = match errors {
            "raise" => false,
            "report" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors must be \"raise\" or \"report\", not {other:?}"
                )))
            }
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = match jobs {
            None | Some(0) => cores,
            Some(n) => n.min(cores * 4),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("bitext-{i}"))
            .build()
            .map_err(|e| BitextError::new_err(format!("cannot start the workers: {e}")))?;
        let (tx, rx) = mpsc::channel();
        Ok(CheckMany {
            batch: Mutex::new(Batch {
                records: PyIterator::from_object(records)?.unbind(),
                engine: Arc::clone(&self.engine),
                options: self.options(source)?,
                name: name.to_owned(),
                report_errors,
                pool: Arc::new(pool),
                tx,
                rx: Some(rx),
                pending: BTreeMap::new(),
                submitted: 0,
                next: 0,
                line: first_line.saturating_sub(1),
                exhausted: false,
                window: threads * 8,
            }),
        })
    }

    fn __repr__(&self) -> String {
        format!("bitext.Engine(source={:?})", self.source_name())
    }

    /// The original side the engine assumes unless a call says otherwise.
    #[getter]
    fn source_name(&self) -> &'static str {
        self.engine.options().source.map_or("auto", Lang::code)
    }
}

/// What one record of a batch became: the report as JSON, or why it has none.
type Outcome = Result<String, String>;

/// The state of a `check_many` stream.
struct Batch {
    records: Py<PyIterator>,
    engine: Arc<Engine>,
    options: Options,
    name: String,
    report_errors: bool,
    pool: Arc<rayon::ThreadPool>,
    tx: mpsc::Sender<(usize, Outcome)>,
    /// Taken out while waiting without the GIL.
    rx: Option<mpsc::Receiver<(usize, Outcome)>>,
    /// Results that came before their turn.
    pending: BTreeMap<usize, Outcome>,
    submitted: usize,
    next: usize,
    /// The line number of the last record read.
    line: usize,
    exhausted: bool,
    /// How many records may be in flight: enough to keep every worker busy while Python takes
    /// the results.
    window: usize,
}

impl Batch {
    /// Read records until the window is full, handing each to a worker.
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        while !self.exhausted && self.submitted - self.next < self.window {
            let mut records = self.records.bind(py).clone();
            let Some(item) = records.next() else {
                self.exhausted = true;
                break;
            };
            let item = item?;
            self.line += 1;
            let read = if item.is_instance_of::<PyString>() {
                let line: String = item.extract()?;
                // As in a JSONL file: a blank line is counted, not read.
                if line.bytes().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                parse_record(&self.name, self.line, &line).map_err(|e| e.to_string())
            } else {
                record(&item, &self.name, self.line)?
            };
            let seq = self.submitted;
            self.submitted += 1;
            match read {
                Err(message) => {
                    self.pending.insert(seq, Err(message));
                }
                Ok(doc) => {
                    let engine = Arc::clone(&self.engine);
                    let options = self.options.clone();
                    let tx = self.tx.clone();
                    self.pool.spawn(move || {
                        let _ = tx.send((seq, check_one(&engine, &doc, &options)));
                    });
                }
            }
        }
        Ok(())
    }

    /// The outcome of the next record in input order, waiting for it without the GIL.
    fn take_next(&mut self, py: Python<'_>) -> PyResult<Outcome> {
        loop {
            if let Some(outcome) = self.pending.remove(&self.next) {
                self.next += 1;
                return Ok(outcome);
            }
            let Some(rx) = self.rx.take() else {
                return Err(BitextError::new_err("the batch's workers are gone"));
            };
            let (rx, got) = py.allow_threads(move || {
                let got = rx.recv();
                (rx, got)
            });
            self.rx = Some(rx);
            match got {
                Ok((seq, outcome)) => {
                    self.pending.insert(seq, outcome);
                }
                Err(_) => return Err(BitextError::new_err("the batch's workers stopped")),
            }
        }
    }
}

/// Check one document on a worker: a panic costs that document, as on the command line.
fn check_one(engine: &Engine, doc: &Document, options: &Options) -> Outcome {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        serde_json::to_string(&engine.check_with(doc, options))
    }));
    match run {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(e)) => Err(format!(
            "{}: internal error: the report did not serialise ({e})",
            doc.path
        )),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("a panic");
            Err(format!(
                "{}: internal error while checking it ({what}); please report it with the input",
                doc.path
            ))
        }
    }
}

/// The reports of :meth:`Engine.check_many`, in input order.
#[pyclass(module = "bitext", frozen)]
struct CheckMany {
    batch: Mutex<Batch>,
}

#[pymethods]
impl CheckMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyObject>> {
        let mut batch = self.batch.try_lock().map_err(|_| {
            BitextError::new_err("check_many: this stream is being read by another thread")
        })?;
        batch.fill(py)?;
        if batch.next == batch.submitted {
            return Ok(None);
        }
        match batch.take_next(py)? {
            Ok(json) => json_loads(py, &json).map(Some),
            Err(message) if batch.report_errors => {
                let error = PyDict::new(py);
                error.set_item("path", &batch.name)?;
                error.set_item("error", message)?;
                Ok(Some(error.into_any().unbind()))
            }
            Err(message) => Err(InputError::new_err(message)),
        }
    }
}

/// Every rule bitext reports: a list of dicts with ``id``, ``severity`` (the default) and
/// ``summary``.
#[pyfunction]
fn rules(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for rule in bitext::Rule::ALL {
        let d = PyDict::new(py);
        d.set_item("id", rule.id())?;
        d.set_item("severity", rule.default_severity().as_str())?;
        d.set_item("summary", rule.summary())?;
        list.append(d)?;
    }
    Ok(list)
}

#[pymodule]
fn _bitext(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyEngine>()?;
    m.add_class::<CheckMany>()?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add("BitextError", py.get_type::<BitextError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
