#include "rank/latent.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <utility>

namespace ketnoi::rank {
namespace {

// A dense column-major matrix, enough for the few products the randomized SVD needs.
struct Dense {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<double> data;

  Dense(size_t r, size_t c) : rows(r), cols(c), data(r * c, 0.0) {}
  double& at(size_t r, size_t c) { return data[c * rows + r]; }
  double at(size_t r, size_t c) const { return data[c * rows + r]; }
  double* column(size_t c) { return &data[c * rows]; }
};

using SparseColumns = std::vector<std::vector<std::pair<int, double>>>;  // Per document.

// Y = A X where A is terms x documents (given by document columns), X documents x l.
Dense MultiplyA(const SparseColumns& a, size_t terms, const Dense& x) {
  Dense y(terms, x.cols);
  for (size_t j = 0; j < x.cols; ++j) {
    double* out = y.column(j);
    for (size_t d = 0; d < a.size(); ++d) {
      double factor = x.at(d, j);
      if (factor == 0) continue;
      for (const auto& [term, weight] : a[d]) out[term] += weight * factor;
    }
  }
  return y;
}

// Z = A^T X where X is terms x l.
Dense MultiplyAt(const SparseColumns& a, const Dense& x) {
  Dense z(a.size(), x.cols);
  for (size_t j = 0; j < x.cols; ++j) {
    const double* in = &x.data[j * x.rows];
    for (size_t d = 0; d < a.size(); ++d) {
      double sum = 0;
      for (const auto& [term, weight] : a[d]) sum += weight * in[term];
      z.at(d, j) = sum;
    }
  }
  return z;
}

// Orthonormalises the columns in place (modified Gram-Schmidt, twice for stability). A
// column that vanishes (rank deficiency) is left zero.
void Orthonormalize(Dense& m) {
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t j = 0; j < m.cols; ++j) {
      double* v = m.column(j);
      for (size_t i = 0; i < j; ++i) {
        const double* u = m.column(i);
        double dot = 0;
        for (size_t r = 0; r < m.rows; ++r) dot += u[r] * v[r];
        for (size_t r = 0; r < m.rows; ++r) v[r] -= dot * u[r];
      }
      double norm = 0;
      for (size_t r = 0; r < m.rows; ++r) norm += v[r] * v[r];
      norm = std::sqrt(norm);
      double scale = norm > 1e-12 ? 1.0 / norm : 0.0;
      for (size_t r = 0; r < m.rows; ++r) v[r] *= scale;
    }
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

void Normalize(float* v, int n) {
  double norm = 0;
  for (int i = 0; i < n; ++i) norm += static_cast<double>(v[i]) * v[i];
  if (norm <= 0) return;
  auto scale = static_cast<float>(1.0 / std::sqrt(norm));
  for (int i = 0; i < n; ++i) v[i] *= scale;
}

}  // namespace

base::Result<LatentSpace> LatentSpace::Build(const std::vector<std::vector<std::string>>& documents,
                                             const LatentOptions& options) {
  if (options.dimensions < 1 || options.oversampling < 0 || options.power_iterations < 0) {
    return base::InvalidArgument("latent: dimensions must be >= 1, the others >= 0");
  }
  if (documents.size() < 2) return base::InvalidArgument("latent: fewer than 2 documents");
  // Document frequencies over all terms, then the vocabulary of terms frequent enough.
  std::unordered_map<std::string, int> df;
  for (const auto& doc : documents) {
    std::vector<const std::string*> unique;
    unique.reserve(doc.size());
    for (const auto& term : doc) unique.push_back(&term);
    std::sort(unique.begin(), unique.end(), [](auto* a, auto* b) { return *a < *b; });
    unique.erase(
        std::unique(unique.begin(), unique.end(), [](auto* a, auto* b) { return *a == *b; }),
        unique.end());
    for (const auto* term : unique) ++df[*term];
  }
  LatentSpace space;
  const double n_docs = static_cast<double>(documents.size());
  for (const auto& [term, count] : df) {
    if (count < options.min_document_frequency || count >= n_docs) continue;
    space.term_ids_.emplace(term, static_cast<int>(space.idf_.size()));
    space.idf_.push_back(std::log(n_docs / count));
  }
  const size_t terms = space.idf_.size();
  if (terms == 0) return base::InvalidArgument("latent: no term reaches the document frequency");

  // A: log-tf x idf, each document L2-normalised so that long works do not own the space.
  SparseColumns a(documents.size());
  for (size_t d = 0; d < documents.size(); ++d) {
    std::unordered_map<int, int> counts;
    for (const auto& term : documents[d]) {
      auto it = space.term_ids_.find(term);
      if (it != space.term_ids_.end()) ++counts[it->second];
    }
    double norm = 0;
    for (const auto& [term, count] : counts) {
      double weight = (1 + std::log(static_cast<double>(count))) * space.idf_[term];
      a[d].emplace_back(term, weight);
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
  for (double& x : omega.data) x = gaussian(random);
  Dense q = MultiplyA(a, terms, omega);
  Orthonormalize(q);
  for (int i = 0; i < options.power_iterations; ++i) {
    Dense z = MultiplyAt(a, q);
    Orthonormalize(z);
    q = MultiplyA(a, terms, z);
    Orthonormalize(q);
  }
  Dense bt = MultiplyAt(a, q);  // documents x l: B^T with B = Q^T A.
  Dense gram(l, l);             // B B^T.
  for (size_t i = 0; i < l; ++i) {
    for (size_t j = i; j < l; ++j) {
      double sum = 0;
      for (size_t d = 0; d < documents.size(); ++d) sum += bt.at(d, i) * bt.at(d, j);
      gram.at(i, j) = sum;
      gram.at(j, i) = sum;
    }
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
  for (size_t t = 0; t < terms; ++t) {
    for (size_t j = 0; j < k; ++j) {
      double sum = 0;
      for (size_t i = 0; i < l; ++i) sum += q.at(t, i) * w.at(i, j);
      space.term_vectors_[t * k + j] = static_cast<float>(sum * scale[j]);
    }
  }
  // Document vectors: U_k^T d = W_k^T (Q^T d), scaled and normalised.
  space.documents_.assign(documents.size() * k, 0.0f);
  for (size_t d = 0; d < documents.size(); ++d) {
    float* out = &space.documents_[d * k];
    for (size_t j = 0; j < k; ++j) {
      double sum = 0;
      for (size_t i = 0; i < l; ++i) sum += w.at(i, j) * bt.at(d, i);
      out[j] = static_cast<float>(sum * scale[j]);
    }
    Normalize(out, static_cast<int>(k));
  }
  return space;
}

std::vector<float> LatentSpace::Embed(const std::vector<std::string>& terms,
                                      const std::vector<float>& term_weights) const {
  std::unordered_map<int, double> counts;
  for (size_t i = 0; i < terms.size(); ++i) {
    auto it = term_ids_.find(terms[i]);
    if (it == term_ids_.end()) continue;
    counts[it->second] += term_weights.empty() ? 1.0 : term_weights[i];
  }
  std::vector<float> vector(dimensions_, 0.0f);
  for (const auto& [term, count] : counts) {
    if (count <= 0) continue;
    // Log tf as for the documents; weighted counts below 1 scale linearly.
    double tf = count >= 1 ? 1 + std::log(count) : count;
    auto weight = static_cast<float>(tf * idf_[term]);
    const float* row = &term_vectors_[static_cast<size_t>(term) * dimensions_];
    for (int j = 0; j < dimensions_; ++j) vector[j] += weight * row[j];
  }
  Normalize(vector.data(), dimensions_);
  return vector;
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
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>& parallel,
    int count) {
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
  Dense directions(k, k);
  SymmetricEigen(std::move(moment), &directions);
  // v <- v - sum_r (v . u_r) u_r for the orthonormal eigenvectors u_r.
  auto project = [&](float* v) {
    for (size_t r = 0; r < removed; ++r) {
      double dot = 0;
      for (size_t j = 0; j < k; ++j) dot += v[j] * directions.at(j, r);
      for (size_t j = 0; j < k; ++j) v[j] -= static_cast<float>(dot * directions.at(j, r));
    }
  };
  for (size_t t = 0; t < idf_.size(); ++t) project(&term_vectors_[t * k]);
  for (size_t d = 0; d < documents(); ++d) {
    project(&documents_[d * k]);
    Normalize(&documents_[d * k], dimensions_);
  }
  return static_cast<int>(removed);
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
  auto space = LatentSpace::Build(documents, options.space);
  if (!space.ok()) return std::move(space).status();
  LatentRanker ranker(std::move(space).value(), options);
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
  std::vector<float> query = space_.Embed(query_terms, term_weights);
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

}  // namespace ketnoi::rank
