#include "rank/latent.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "rank/internal/latent_sum.h"

namespace ketnoi::rank {
namespace {

// A dense row-major matrix, enough for the few products the randomized SVD needs. Rows are
// the long dimension (terms, documents) and columns the l ~ 64 sample directions, so each
// product and the orthonormalisation stream through whole rows.
struct Dense {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<double> data;

  Dense(size_t r, size_t c) : rows(r), cols(c), data(r * c, 0.0) {}
  double& at(size_t r, size_t c) { return data[r * cols + c]; }
  double at(size_t r, size_t c) const { return data[r * cols + c]; }
  double* row(size_t r) { return &data[r * cols]; }
  const double* row(size_t r) const { return &data[r * cols]; }
};

// Runs body(begin, end) over contiguous parts of [0, n), one per thread. Every row is
// computed the same way whatever the number of threads, so results do not depend on it.
template <typename Body>
void ForRows(size_t n, int threads, const Body& body) {
  constexpr size_t kMinRowsPerThread = 1024;
  const size_t parts = std::clamp<size_t>(n / kMinRowsPerThread, 1, std::max(threads, 1));
  const size_t step = (n + parts - 1) / parts;
  std::vector<std::thread> pool;
  for (size_t part = 1; part < parts; ++part) {
    pool.emplace_back(body, part * step, std::min(n, (part + 1) * step));
  }
  body(0, std::min(n, step));
  for (std::thread& thread : pool) thread.join();
}

// Sparse vectors (column index, value): the documents' columns of A, or the terms' rows.
using SparseVectors = std::vector<std::vector<std::pair<int, double>>>;

// The hot loops below are compiled twice, for AVX2 and for the baseline x86-64, and the
// copy the processor can run is chosen when the program loads. Only the vector width
// changes: no fused multiply-add, and every sum still adds its terms in the same order, so
// both copies give the same bits.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define KETNOI_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define KETNOI_VECTOR_CLONES
#endif

// Rows [begin, end) of Y = M X (see Multiply).
KETNOI_VECTOR_CLONES void MultiplyRows(const SparseVectors& m, const Dense& x, Dense& y,
                                       size_t begin, size_t end) {
  // The rows of X that a row of M reads are scattered over more memory than the caches
  // hold: they are prefetched a few entries ahead, so that their misses overlap.
  constexpr size_t kPrefetchEntries = 4;
  constexpr size_t kCacheLine = 64;
  const size_t row_bytes = x.cols * sizeof(double);
  const size_t cols = x.cols;
  for (size_t i = begin; i < end; ++i) {
    double* out = y.row(i);
    const std::vector<std::pair<int, double>>& entries = m[i];
    const size_t n = entries.size();
    for (size_t e = 0; e < n; ++e) {
      if (e + kPrefetchEntries < n) {
        const char* ahead =
            reinterpret_cast<const char*>(x.row(entries[e + kPrefetchEntries].first));
        for (size_t byte = 0; byte < row_bytes; byte += kCacheLine) {
          __builtin_prefetch(ahead + byte);
        }
      }
      const double weight = entries[e].second;
      const double* in = x.row(entries[e].first);
      for (size_t j = 0; j < cols; ++j) out[j] += weight * in[j];
    }
  }
}

// M X for M given by its sparse rows and X dense. Each output row is summed in one place
// (a scatter of M's columns would visit the rows of Y, tens of megabytes, at random) and
// independently of the others, hence in parallel.
Dense Multiply(const SparseVectors& m, const Dense& x, int threads) {
  Dense y(m.size(), x.cols);
  ForRows(m.size(), threads, [&](size_t begin, size_t end) { MultiplyRows(m, x, y, begin, end); });
  return y;
}

// The sparse vectors of the transpose: entry (i, c) of `m` becomes (c, i), in order of i.
SparseVectors Transpose(const SparseVectors& m, size_t columns) {
  SparseVectors t(columns);
  for (size_t i = 0; i < m.size(); ++i) {
    for (const auto& [column, weight] : m[i]) t[column].emplace_back(static_cast<int>(i), weight);
  }
  return t;
}

// The upper triangle of M^T M (the lower one left zero). Rows are taken four at a time,
// so that each entry is loaded and stored once per four rows; each entry still adds its
// rows' products one by one in row order, as a loop over single rows would.
KETNOI_VECTOR_CLONES Dense UpperGram(const Dense& m) {
  const size_t l = m.cols;
  Dense gram(l, l);
  size_t r = 0;
  for (; r + 4 <= m.rows; r += 4) {
    const double* v0 = m.row(r);
    const double* v1 = m.row(r + 1);
    const double* v2 = m.row(r + 2);
    const double* v3 = m.row(r + 3);
    for (size_t i = 0; i < l; ++i) {
      double* g = gram.row(i);
      const double a0 = v0[i], a1 = v1[i], a2 = v2[i], a3 = v3[i];
      for (size_t j = i; j < l; ++j) {
        double sum = g[j];
        sum += a0 * v0[j];
        sum += a1 * v1[j];
        sum += a2 * v2[j];
        sum += a3 * v3[j];
        g[j] = sum;
      }
    }
  }
  for (; r < m.rows; ++r) {
    const double* v = m.row(r);
    for (size_t i = 0; i < l; ++i) {
      double* g = gram.row(i);
      for (size_t j = i; j < l; ++j) g[j] += v[i] * v[j];
    }
  }
  return gram;
}

// Rows [begin, end) of M become the q with q R = v (see Orthonormalize).
KETNOI_VECTOR_CLONES void SubstituteRows(Dense& m, const Dense& factor, size_t begin, size_t end) {
  const size_t l = m.cols;
  for (size_t r = begin; r < end; ++r) {
    double* v = m.row(r);
    size_t i = 0;
    for (; i + 4 <= l; i += 4) {
      double q[4];
      for (size_t a = 0; a < 4; ++a) {
        const double* factor_row = factor.row(i + a);
        if (factor_row[i + a] == 0) {  // A dependent column: its row of R is zero.
          q[a] = 0;
          continue;
        }
        q[a] = v[i + a] / factor_row[i + a];
        for (size_t b = a + 1; b < 4; ++b) v[i + b] -= q[a] * factor_row[i + b];
      }
      for (size_t a = 0; a < 4; ++a) v[i + a] = q[a];
      const double* r0 = factor.row(i);
      const double* r1 = factor.row(i + 1);
      const double* r2 = factor.row(i + 2);
      const double* r3 = factor.row(i + 3);
      for (size_t j = i + 4; j < l; ++j) {
        double x = v[j];
        x -= q[0] * r0[j];
        x -= q[1] * r1[j];
        x -= q[2] * r2[j];
        x -= q[3] * r3[j];
        v[j] = x;
      }
    }
    for (; i < l; ++i) {
      const double* factor_row = factor.row(i);
      if (factor_row[i] == 0) {
        v[i] = 0;
        continue;
      }
      const double q = v[i] / factor_row[i];
      v[i] = q;
      for (size_t j = i + 1; j < l; ++j) v[j] -= q * factor_row[j];
    }
  }
}

// Orthonormalises the columns in place by Cholesky QR, G = M^T M = R^T R, then M <- M R^-1:
// the span of Gram-Schmidt in column order, in two passes over the rows instead of two per
// pair of columns. Its loss of orthogonality grows with the square of M's condition number;
// a second round makes the basis orthonormal to working precision (CholeskyQR2: Fukaya,
// Nakatsukasa, Yanagisawa & Yamamoto, "CholeskyQR2: a simple and communication-avoiding
// algorithm for computing a tall-skinny QR factorization", ScalA 2014). A column (nearly) in
// the span of the earlier ones (rank deficiency) is left zero, as Gram-Schmidt leaves it.
enum class Rounds { kOne, kTwo };
void Orthonormalize(Dense& m, Rounds rounds, int threads) {
  // A column keeps at least this share of its squared norm once the earlier ones are taken
  // out, or it counts as dependent: well above the rounding of G's entries.
  constexpr double kIndependent = 1e-12;
  const size_t l = m.cols;
  for (int round = 0; round < (rounds == Rounds::kTwo ? 2 : 1); ++round) {
    const Dense gram = UpperGram(m);
    Dense factor(l, l);  // R, upper triangular; the row of a dependent column stays zero.
    for (size_t j = 0; j < l; ++j) {
      double pivot = gram.at(j, j);
      for (size_t i = 0; i < j; ++i) pivot -= factor.at(i, j) * factor.at(i, j);
      if (!(pivot > kIndependent * gram.at(j, j))) continue;
      const double diagonal = std::sqrt(pivot);
      factor.at(j, j) = diagonal;
      for (size_t c = j + 1; c < l; ++c) {
        double sum = gram.at(j, c);
        for (size_t i = 0; i < j; ++i) sum -= factor.at(i, j) * factor.at(i, c);
        factor.at(j, c) = sum / diagonal;
      }
    }
    // Each row v of M becomes the q with q R = v, by forward substitution: q_j = (v_j -
    // sum_{i<j} q_i R_ij) / R_jj. Once q_i is known it is taken out of every later v_j at
    // once (a pass along row i of R, which vectorises), which subtracts the same products
    // in the same order as summing each q_j's column in turn.
    // Four q_i are found at a time and taken out together, so that each later v_j is
    // loaded and stored once per four.
    ForRows(m.rows, threads,
            [&](size_t begin, size_t end) { SubstituteRows(m, factor, begin, end); });
  }
}

// Eigendecomposition of a symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan,
// "Matrix Computations", 4th ed., section 8.5). Returns eigenvalues, largest first, and the
// matching eigenvectors as the columns of `vectors`.
std::vector<double> SymmetricEigen(Dense s, Dense* vectors) {
  const size_t n = s.rows;
  Dense v(n, n);
  for (size_t i = 0; i < n; ++i) v.at(i, i) = 1;
  for (int sweep = 0; sweep < 60; ++sweep) {
    double off = 0;
    for (size_t p = 0; p < n; ++p) {
      for (size_t q = p + 1; q < n; ++q) off += s.at(p, q) * s.at(p, q);
    }
    if (off < 1e-22) break;
    for (size_t p = 0; p < n; ++p) {
      for (size_t q = p + 1; q < n; ++q) {
        double apq = s.at(p, q);
        if (std::abs(apq) < 1e-300) continue;
        double theta = (s.at(q, q) - s.at(p, p)) / (2 * apq);
        double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        double c = 1 / std::sqrt(t * t + 1);
        double sn = t * c;
        for (size_t k = 0; k < n; ++k) {
          double skp = s.at(k, p);
          double skq = s.at(k, q);
          s.at(k, p) = c * skp - sn * skq;
          s.at(k, q) = sn * skp + c * skq;
        }
        for (size_t k = 0; k < n; ++k) {
          double spk = s.at(p, k);
          double sqk = s.at(q, k);
          s.at(p, k) = c * spk - sn * sqk;
          s.at(q, k) = sn * spk + c * sqk;
        }
        for (size_t k = 0; k < n; ++k) {
          double vkp = v.at(k, p);
          double vkq = v.at(k, q);
          v.at(k, p) = c * vkp - sn * vkq;
          v.at(k, q) = sn * vkp + c * vkq;
        }
      }
    }
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return s.at(a, a) > s.at(b, b); });
  std::vector<double> values(n);
  *vectors = Dense(n, n);
  for (size_t j = 0; j < n; ++j) {
    values[j] = s.at(order[j], order[j]);
    for (size_t i = 0; i < n; ++i) vectors->at(i, j) = v.at(i, order[j]);
  }
  return values;
}

// out = (x W_k) scaled by `scale`, for x of W's rows' length l and W_k the first k of W's
// columns; `sums` holds k doubles. Each output sums over W's rows in order; the loop over j
// inside reads W by rows.
KETNOI_VECTOR_CLONES void Project(const double* x, const Dense& w, size_t k, const double* scale,
                                  double* sums, float* out) {
  std::fill(sums, sums + k, 0.0);
  for (size_t i = 0; i < w.rows; ++i) {
    const double xi = x[i];
    const double* w_row = w.row(i);
    for (size_t j = 0; j < k; ++j) sums[j] += xi * w_row[j];
  }
  for (size_t j = 0; j < k; ++j) out[j] = static_cast<float>(sums[j] * scale[j]);
}

// Log tf (1 + ln tf) for counts from 1 on; weighted counts below 1 scale linearly.
double LogTf(double count) { return count >= 1 ? 1 + std::log(count) : count; }

// LogTf of a count, from a table for the small whole counts that make up most bags (the
// same values: the table holds LogTf's results).
double TabledLogTf(float count) {
  static const std::array<double, 64> kTable = [] {
    std::array<double, 64> table{};
    for (size_t n = 0; n < table.size(); ++n) table[n] = LogTf(static_cast<double>(n));
    return table;
  }();
  if (count >= 0 && count < static_cast<float>(kTable.size())) {
    const auto whole = static_cast<size_t>(count);
    if (static_cast<float>(whole) == count) return kTable[whole];
  }
  return LogTf(count);
}

// The bag of `terms`, numbered by `id_of` (an id the space does not know leaves the term
// out): repeats add up, each adding its weight when `weights` (the size of `terms`) is given.
template <typename IdOf>
TermCounts Bag(const std::vector<std::string>& terms, const std::vector<float>& weights,
               IdOf id_of) {
  std::unordered_map<uint32_t, float> counts;
  for (size_t i = 0; i < terms.size(); ++i)
    counts[id_of(terms[i])] += weights.empty() ? 1.0f : weights[i];
  TermCounts bag;
  bag.reserve(counts.size());
  for (const auto& [term, count] : counts) bag.push_back({term, count});
  return bag;
}

void Normalize(float* v, int n) {
  double norm = 0;
  for (int i = 0; i < n; ++i) norm += static_cast<double>(v[i]) * v[i];
  if (norm <= 0) return;
  auto scale = static_cast<float>(1.0 / std::sqrt(norm));
  for (int i = 0; i < n; ++i) v[i] *= scale;
}

// Eight floats, for the sums below: GCC and Clang give it one AVX register where the
// processor has them, else two SSE registers; each lane is computed on its own.
using Float8 = float __attribute__((vector_size(32)));

// out[j] += the sum of weight * vector[j] over vectors[0..count) (each of at least
// kLanes * 8 + `at` floats), for the kLanes * 8 floats from `at`, in the vectors' order.
// The sums stay in registers across the vectors, instead of a load and a store of `out`
// per vector and float; each lane still adds its products one by one in the same order.
template <int kLanes>
void AddScaledLanes(const std::pair<const float*, float>* vectors, size_t count, int at,
                    float* out) {
  Float8 sums[kLanes];
  std::memcpy(sums, out + at, sizeof(sums));
  for (size_t v = 0; v < count; ++v) {
    const float* vector = vectors[v].first + at;
    const float weight = vectors[v].second;
    for (int lane = 0; lane < kLanes; ++lane) {
      Float8 x;
      std::memcpy(&x, vector + static_cast<size_t>(lane) * 8, sizeof(x));
      sums[lane] += weight * x;
    }
  }
  std::memcpy(out + at, sums, sizeof(sums));
}

// AddScaledLanes<lanes> for `lanes` from 1 to kMaxLanes, chosen at run time.
template <int kMaxLanes>
void AddScaledRest(const std::pair<const float*, float>* vectors, size_t count, int lanes, int at,
                   float* out) {
  if (lanes == kMaxLanes) {
    AddScaledLanes<kMaxLanes>(vectors, count, at, out);
  } else if constexpr (kMaxLanes > 1) {
    AddScaledRest<kMaxLanes - 1>(vectors, count, lanes, at, out);
  }
}

}  // namespace

namespace internal {

// Up to 64 floats (the space's usual 48 among them) take one pass over the vectors.
KETNOI_VECTOR_CLONES void AddScaled(const std::pair<const float*, float>* vectors, size_t count,
                                    int n, float* out) {
  int at = 0;
  for (; n - at >= 64; at += 64) AddScaledLanes<8>(vectors, count, at, out);
  AddScaledRest<7>(vectors, count, (n - at) / 8, at, out);
  at += (n - at) / 8 * 8;
  for (; at < n; ++at) {
    float sum = out[at];
    for (size_t v = 0; v < count; ++v) sum += vectors[v].second * vectors[v].first[at];
    out[at] = sum;
  }
}

}  // namespace internal

base::Result<LatentSpace> LatentSpace::Build(const std::vector<TermCounts>& documents,
                                             uint32_t vocabulary, const LatentOptions& options,
                                             int threads) {
  if (options.dimensions < 1 || options.max_terms < 1 || options.oversampling < 0 ||
      options.power_iterations < 0) {
    return base::InvalidArgument("latent: dimensions and max_terms must be >= 1, the others >= 0");
  }
  if (documents.size() < 2) return base::InvalidArgument("latent: fewer than 2 documents");
  // Document frequencies.
  std::vector<int32_t> df(vocabulary, 0);
  for (const TermCounts& doc : documents) {
    for (const TermCount& term : doc) {
      if (term.count > 0) ++df[term.term];
    }
  }
  const double n_docs = static_cast<double>(documents.size());
  const auto eligible = [&](uint32_t term) {
    return df[term] >= options.min_document_frequency && df[term] < n_docs;
  };
  // With more eligible terms than max_terms, the most frequent are kept: those above the
  // max_terms-th largest frequency, then those at it in id order.
  int32_t min_df = 0;
  size_t at_min_df = SIZE_MAX;  // How many terms of frequency min_df may still be kept.
  {
    std::vector<int32_t> frequencies;
    for (uint32_t term = 0; term < vocabulary; ++term) {
      if (eligible(term)) frequencies.push_back(df[term]);
    }
    const auto cap = static_cast<size_t>(options.max_terms);
    if (frequencies.size() > cap) {
      std::nth_element(frequencies.begin(), frequencies.begin() + (cap - 1), frequencies.end(),
                       std::greater<>());
      min_df = frequencies[cap - 1];
      at_min_df = cap - static_cast<size_t>(
                            std::count_if(frequencies.begin(), frequencies.end(),
                                          [&](int32_t frequency) { return frequency > min_df; }));
    }
  }
  // The rows of the kept terms, in id order.
  LatentSpace space;
  space.rows_.assign(vocabulary, -1);
  for (uint32_t term = 0; term < vocabulary; ++term) {
    if (!eligible(term) || df[term] < min_df) continue;
    if (df[term] == min_df) {
      if (at_min_df == 0) continue;
      --at_min_df;
    }
    space.rows_[term] = static_cast<int32_t>(space.idf_.size());
    space.idf_.push_back(std::log(n_docs / df[term]));
  }
  const size_t terms = space.idf_.size();
  if (terms == 0) return base::InvalidArgument("latent: no term reaches the document frequency");

  // A: log-tf x idf, each document L2-normalised so that long works do not own the space.
  SparseVectors a(documents.size());
  for (size_t d = 0; d < documents.size(); ++d) {
    double norm = 0;
    for (const TermCount& term : documents[d]) {
      const int32_t row = space.rows_[term.term];
      if (row < 0 || !(term.count > 0)) continue;
      const double weight = LogTf(term.count) * space.idf_[row];
      a[d].emplace_back(row, weight);
      norm += weight * weight;
    }
    norm = std::sqrt(norm);
    for (auto& entry : a[d]) entry.second /= norm;
  }

  const size_t l = std::min<size_t>(options.dimensions + options.oversampling,
                                    std::min(terms, documents.size()));
  const size_t k = std::min<size_t>(options.dimensions, l);
  std::mt19937_64 random(options.seed);
  std::normal_distribution<double> gaussian;
  Dense omega(documents.size(), l);
  for (size_t j = 0; j < l; ++j) {  // Column by column, as the draws have always been made.
    for (size_t d = 0; d < documents.size(); ++d) omega.at(d, j) = gaussian(random);
  }
  // The power iterations only need a well-conditioned basis of the right span, which one
  // round gives (each product multiplies the condition number by at most s_1 / s_l); the
  // basis the space is built on is made orthonormal to working precision.
  auto rounds = [&](int iteration) {
    return iteration == options.power_iterations ? Rounds::kTwo : Rounds::kOne;
  };
  // Products with A read it by terms (Y = A X, terms x l), with A^T by documents.
  const SparseVectors by_term = Transpose(a, terms);
  Dense q = Multiply(by_term, omega, threads);
  Orthonormalize(q, rounds(0), threads);
  for (int i = 0; i < options.power_iterations; ++i) {
    Dense z = Multiply(a, q, threads);
    Orthonormalize(z, Rounds::kOne, threads);
    q = Multiply(by_term, z, threads);
    Orthonormalize(q, rounds(i + 1), threads);
  }
  Dense bt = Multiply(a, q, threads);  // documents x l: B^T with B = Q^T A.
  Dense gram = UpperGram(bt);          // B B^T.
  for (size_t i = 0; i < l; ++i) {
    for (size_t j = 0; j < i; ++j) gram.at(i, j) = gram.at(j, i);
  }
  Dense w(l, l);
  std::vector<double> eigenvalues = SymmetricEigen(std::move(gram), &w);
  space.dimensions_ = static_cast<int>(k);
  std::vector<double> scale(k);
  for (size_t j = 0; j < k; ++j) {
    double sigma = std::sqrt(std::max(eigenvalues[j], 0.0));
    space.singular_values_.push_back(sigma);
    scale[j] = sigma > 1e-12 ? std::pow(sigma, options.singular_value_exponent - 1.0) : 0.0;
  }
  // Term vectors: rows of U_k = Q W_k, scaled.
  space.term_vectors_.assign(terms * k, 0.0f);
  auto project = [&](const double* x, float* out, std::vector<double>& sums) {
    Project(x, w, k, scale.data(), sums.data(), out);
  };
  ForRows(terms, threads, [&](size_t begin, size_t end) {
    std::vector<double> sums(k);
    for (size_t t = begin; t < end; ++t) project(q.row(t), &space.term_vectors_[t * k], sums);
  });
  // Document vectors: U_k^T d = W_k^T (Q^T d), scaled and normalised.
  space.documents_.assign(documents.size() * k, 0.0f);
  std::vector<double> sums(k);
  for (size_t d = 0; d < documents.size(); ++d) {
    float* out = &space.documents_[d * k];
    project(bt.row(d), out, sums);
    Normalize(out, static_cast<int>(k));
  }
  return space;
}

std::vector<float> LatentSpace::Embed(const TermCounts& terms) const {
  std::vector<float> vector(dimensions_);
  Embed(terms, vector.data());
  return vector;
}

void LatentSpace::Embed(const TermCounts& terms, float* out) const {
  // The term vectors are spread over more memory than the caches hold: the rows of a batch
  // of the bag's terms are looked up and their vectors prefetched first, so that the cache
  // misses overlap instead of each waiting for the previous term's sums; then the batch is
  // added. A batch on the stack spares an allocation per bag.
  constexpr size_t kBatch = 64;
  constexpr size_t kCacheLine = 64;
  const size_t row_bytes = static_cast<size_t>(dimensions_) * sizeof(float);
  std::pair<const float*, float> batch[kBatch];
  size_t size = 0;
  // Before that, the terms' rows are looked up in rows_, which is as large as the
  // vocabulary: each look-up is started kRowsAhead terms before it is needed.
  constexpr size_t kRowsAhead = 16;
  std::fill(out, out + dimensions_, 0.0f);
  const size_t count = terms.size();
  for (size_t i = 0; i < count; ++i) {
    if (i + kRowsAhead < count && terms[i + kRowsAhead].term < rows_.size()) {
      __builtin_prefetch(&rows_[terms[i + kRowsAhead].term]);
    }
    const TermCount& term = terms[i];
    if (term.term >= rows_.size() || !(term.count > 0)) continue;
    const int32_t row = rows_[term.term];
    if (row < 0) continue;
    const float* vector = &term_vectors_[static_cast<size_t>(row) * dimensions_];
    for (size_t byte = 0; byte < row_bytes; byte += kCacheLine) {
      __builtin_prefetch(reinterpret_cast<const char*>(vector) + byte);
    }
    batch[size++] = {vector, static_cast<float>(TabledLogTf(term.count) * idf_[row])};
    if (size == kBatch) {
      internal::AddScaled(batch, size, dimensions_, out);
      size = 0;
    }
  }
  internal::AddScaled(batch, size, dimensions_, out);
  Normalize(out, dimensions_);
}

std::vector<float> LatentSpace::Feedback(const std::vector<float>& query, int documents,
                                         double weight) const {
  const size_t count = std::min<size_t>(std::max(documents, 0), this->documents());
  const bool zero = std::all_of(query.begin(), query.end(), [](float x) { return x == 0.0f; });
  if (count == 0 || !(weight > 0) || zero) return query;
  std::vector<std::pair<float, size_t>> nearest;
  nearest.reserve(this->documents());
  for (size_t d = 0; d < this->documents(); ++d) {
    nearest.emplace_back(Cosine(query.data(), Document(d)), d);
  }
  std::partial_sort(nearest.begin(), nearest.begin() + static_cast<std::ptrdiff_t>(count),
                    nearest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const auto step = static_cast<float>(weight / static_cast<double>(count));
  std::vector<float> moved = query;
  for (size_t i = 0; i < count; ++i) {
    const float* v = Document(nearest[i].second);
    for (int j = 0; j < dimensions_; ++j) moved[j] += step * v[j];
  }
  Normalize(moved.data(), dimensions_);
  return moved;
}

int LatentSpace::RemoveLanguageDirections(
    const std::vector<std::pair<TermCounts, TermCounts>>& parallel, int count) {
  const auto k = static_cast<size_t>(dimensions_);
  Dense moment(k, k);  // sum of (a - b)(a - b)^T.
  int pairs = 0;
  for (const auto& [first, second] : parallel) {
    const std::vector<float> a = Embed(first);
    const std::vector<float> b = Embed(second);
    const auto zero = [](const std::vector<float>& v) {
      return std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; });
    };
    if (zero(a) || zero(b)) continue;
    ++pairs;
    for (size_t i = 0; i < k; ++i) {
      for (size_t j = 0; j < k; ++j) moment.at(i, j) += (a[i] - b[i]) * (a[j] - b[j]);
    }
  }
  const auto removed = static_cast<size_t>(std::clamp(count, 0, std::min<int>(pairs, k)));
  if (removed == 0) return 0;
  Dense eigenvectors(k, k);
  SymmetricEigen(std::move(moment), &eigenvectors);
  std::vector<std::vector<double>> directions(removed, std::vector<double>(k));
  for (size_t r = 0; r < removed; ++r) {
    for (size_t j = 0; j < k; ++j) directions[r][j] = eigenvectors.at(j, r);
  }
  ProjectOut(directions);
  return static_cast<int>(removed);
}

bool LatentSpace::RemoveMeanDifference(const std::vector<size_t>& first,
                                       const std::vector<size_t>& second) {
  const auto k = static_cast<size_t>(dimensions_);
  auto mean = [&](const std::vector<size_t>& docs) {
    std::vector<double> sum(k, 0);
    for (size_t doc : docs) {
      for (size_t j = 0; j < k; ++j) sum[j] += Document(doc)[j];
    }
    for (double& x : sum) x /= static_cast<double>(std::max<size_t>(docs.size(), 1));
    return sum;
  };
  const std::vector<double> a = mean(first);
  const std::vector<double> b = mean(second);
  std::vector<double> direction(k);
  double norm = 0;
  for (size_t j = 0; j < k; ++j) {
    direction[j] = a[j] - b[j];
    norm += direction[j] * direction[j];
  }
  if (first.empty() || second.empty() || !(norm > 0)) return false;
  for (double& x : direction) x /= std::sqrt(norm);
  ProjectOut({direction});
  return true;
}

void LatentSpace::ProjectOut(const std::vector<std::vector<double>>& directions) {
  const auto k = static_cast<size_t>(dimensions_);
  // v <- v - sum_r (v . u_r) u_r for the orthonormal u_r.
  auto project = [&](float* v) {
    for (const std::vector<double>& u : directions) {
      double dot = 0;
      for (size_t j = 0; j < k; ++j) dot += v[j] * u[j];
      for (size_t j = 0; j < k; ++j) v[j] -= static_cast<float>(dot * u[j]);
    }
  };
  for (size_t t = 0; t < idf_.size(); ++t) project(&term_vectors_[t * k]);
  for (size_t d = 0; d < documents(); ++d) {
    project(&documents_[d * k]);
    Normalize(&documents_[d * k], dimensions_);
  }
}

float LatentSpace::Cosine(const float* a, const float* b) const {
  float sum = 0;
  for (int j = 0; j < dimensions_; ++j) sum += a[j] * b[j];
  return sum;
}

base::Result<LatentRanker> LatentRanker::Build(
    const std::vector<std::vector<std::string>>& documents,
    const std::vector<std::vector<int>>& expert_documents, const LatentRankerOptions& options) {
  for (const auto& docs : expert_documents) {
    for (int doc : docs) {
      if (doc < 0 || static_cast<size_t>(doc) >= documents.size()) {
        return base::InvalidArgument("latent: expert document index out of range");
      }
    }
  }
  // Terms numbered in order of first sight.
  std::unordered_map<std::string, uint32_t> term_ids;
  std::vector<TermCounts> bags;
  bags.reserve(documents.size());
  for (const auto& document : documents) {
    bags.push_back(Bag(document, {}, [&](const std::string& term) {
      return term_ids.emplace(term, static_cast<uint32_t>(term_ids.size())).first->second;
    }));
  }
  auto space = LatentSpace::Build(bags, static_cast<uint32_t>(term_ids.size()), options.space);
  if (!space.ok()) return std::move(space).status();
  LatentRanker ranker(std::move(space).value(), options);
  ranker.term_ids_ = std::move(term_ids);
  const int k = ranker.space_.dimensions();
  ranker.centroids_.assign(expert_documents.size() * k, 0.0f);
  ranker.size_factors_.resize(expert_documents.size());
  for (size_t e = 0; e < expert_documents.size(); ++e) {
    float* centroid = &ranker.centroids_[e * k];
    for (int doc : expert_documents[e]) {
      const float* v = ranker.space_.Document(doc);
      for (int j = 0; j < k; ++j) centroid[j] += v[j];
    }
    Normalize(centroid, k);
    ranker.size_factors_[e] =
        std::pow(static_cast<double>(expert_documents[e].size()), options.size_exponent);
  }
  return ranker;
}

std::vector<double> LatentRanker::Score(const std::vector<std::string>& query_terms,
                                        const std::vector<float>& term_weights,
                                        Feedback use_feedback) const {
  const int k = space_.dimensions();
  const size_t experts = size_factors_.size();
  std::vector<double> scores(experts, 0.0);
  std::vector<float> query = Embed(query_terms, term_weights);
  if (std::all_of(query.begin(), query.end(), [](float x) { return x == 0.0f; })) return scores;
  if (use_feedback == Feedback::kOn) {
    query = space_.Feedback(query, options_.feedback_documents, options_.feedback_weight);
  }
  for (size_t e = 0; e < experts; ++e) {
    double cosine = space_.Cosine(query.data(), &centroids_[e * k]);
    scores[e] = std::max(0.0, cosine) * size_factors_[e];
  }
  return scores;
}

std::vector<float> LatentRanker::Embed(const std::vector<std::string>& terms,
                                       const std::vector<float>& term_weights) const {
  constexpr uint32_t kUnknown = 0xffffffffu;
  return space_.Embed(Bag(terms, term_weights, [&](const std::string& term) {
    auto it = term_ids_.find(term);
    return it == term_ids_.end() ? kUnknown : it->second;
  }));
}

}  // namespace ketnoi::rank
