// LatentSpace: meaning beyond shared words, learned from the corpus itself.
//
// Latent semantic analysis (Deerwester, Dumais, Furnas, Landauer & Harshman, "Indexing by
// latent semantic analysis", JASIS 1990): the term x document matrix of log-tf x idf
// weights (documents L2-normalised) is reduced by a truncated SVD, A ~ U_k S_k V_k^T, and
// every text x is represented by U_k^T x. Two works that share no word but use words that
// co-occur across the corpus end up close, which is what topical relevance needs when a
// lexical model plateaus (see ../shared/ENGINE-NOTES.md, "Quality").
//
// The SVD is computed with the randomized range finder and power iterations of Halko,
// Martinsson & Tropp, "Finding structure with randomness", SIAM Review 2011 (algorithms 4.4
// and 5.1), followed by a Jacobi eigendecomposition of the small (k+p) x (k+p) matrix
// B B^T; no linear-algebra library is needed. Cost: O(nnz(A) (k+p) q + m (k+p)^2), about a
// second for 10^4 terms x 2 x 10^3 documents at k = 128.
//
// The space knows term ids, not text: callers analyse text into terms, number them (the
// engine uses its term dictionary's ids, so that indexing's analysis serves the space too)
// and use the same analysis and numbering for documents and queries. Vectors are indexed by
// term id: no string is hashed while learning or embedding.
//
// Thread safety: immutable after Build (RemoveLanguageDirections aside); safe to share
// between threads.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/result.h"

namespace ketnoi::rank {

// A term of a bag and its count (or, in a query, its summed weight).
struct TermCount {
  uint32_t term = 0;
  float count = 0;
};
// A bag of distinct terms, in any order.
using TermCounts = std::vector<TermCount>;

struct LatentOptions {
  // k. Topical relevance wants few dimensions: on the dblp set (7 topics) 24-48 beat 128
  // and more (docs/BENCHMARKS.md, "Matching quality").
  int dimensions = 48;
  int oversampling = 16;           // p: extra random directions for accuracy.
  int power_iterations = 3;        // q: sharpen the spectrum's decay.
  int min_document_frequency = 2;  // Rarer terms carry no co-occurrence signal.
  // At most this many terms, the most frequent: the cost of learning the space grows with
  // its terms (each product and orthonormalisation streams terms x (k + p) numbers), and a
  // large collection's rarest terms (mostly compounds seen in a few documents) add little
  // topical signal. Terms left out still match lexically. LSA vocabularies of this order
  // are the common practice (tens of thousands of terms).
  int max_terms = 65536;
  // Dimension j is scaled by s_j^(exponent - 1) after projection: 1 keeps U_k^T x (the
  // classic choice), 0 whitens every dimension to the same weight.
  double singular_value_exponent = 1.0;
  uint64_t seed = 20260701;
};

class LatentSpace {
 public:
  // Learns the space from `documents` (bags of term ids below `vocabulary`; a count is a
  // term frequency). Terms of fewer than min_document_frequency documents, or of all of
  // them, are left out of the space, and beyond max_terms the least frequent.
  // Errors: InvalidArgument when fewer than 2 documents or no term reaches
  // min_document_frequency, or options out of range (dimensions or max_terms < 1).
  // The products and most of the SVD's other steps run on `threads` threads; the space is
  // the same for any number.
  // REQUIRES: every term id < vocabulary.
  static base::Result<LatentSpace> Build(const std::vector<TermCounts>& documents,
                                         uint32_t vocabulary, const LatentOptions& options = {},
                                         int threads = 1);

  // The unit vector of a bag of `terms` (weighted like the documents: log tf x idf; counts
  // below 1 scale linearly), or a zero vector when no term is in the space. Ids the space
  // has never seen (>= the vocabulary it was built with) are ignored.
  std::vector<float> Embed(const TermCounts& terms) const;
  // The same into `out` (dimensions() floats), for callers embedding many bags.
  void Embed(const TermCounts& terms, float* out) const;

  // Rocchio feedback inside the space (Rocchio 1971): `query` (a unit vector of this space)
  // moved towards the mean of its `documents` nearest training documents with this
  // `weight`, normalised again. Returns `query` unchanged when either is 0 or it is zero.
  std::vector<float> Feedback(const std::vector<float>& query, int documents, double weight) const;

  // Makes the space cross-lingual by removing the directions along which translations
  // differ. `parallel` holds pairs of term lists that say the same in two languages (an
  // expert's Vietnamese and English biographies); the `count` principal directions of the
  // differences between the pairs' unit vectors (eigenvectors of sum (a - b)(a - b)^T, the
  // largest first) are projected out of every term and training document vector, and the
  // documents are normalised again. What is left compares texts by content rather than by
  // language: the idea of removing a language subspace from multilingual representations
  // (Libovický, Rosa & Fraser, "On the language neutrality of pre-trained multilingual
  // representations", Findings of EMNLP 2020: centring each language; Yang et al., "A
  // simple and effective method to eliminate the self language bias in multilingual
  // representations", EMNLP 2021: projecting out the principal directions of language
  // identity). Pairs with an empty side are skipped; fewer usable pairs than `count` remove
  // as many directions as there are pairs. Returns the number of directions removed.
  int RemoveLanguageDirections(const std::vector<std::pair<TermCounts, TermCounts>>& parallel,
                               int count);

  // The fallback without parallel texts: projects out the direction from the mean unit
  // vector of training documents `second` to that of `first` (e.g. English and Vietnamese
  // works), as above. Where both groups cover the same topics this is the language
  // direction (the centring of Libovický et al., above, as one direction); a topic that one
  // language covers more is partly removed with it. Returns false (and changes nothing) when
  // a group is empty or the means coincide.
  // REQUIRES: every index < documents().
  bool RemoveMeanDifference(const std::vector<size_t>& first, const std::vector<size_t>& second);

  // The unit vector of training document `doc` (zero if it had no known term).
  // REQUIRES: doc < documents().
  const float* Document(size_t doc) const { return &documents_[doc * dimensions_]; }

  size_t documents() const { return documents_.size() / dimensions_; }
  int dimensions() const { return dimensions_; }
  // Singular values, largest first.
  const std::vector<double>& singular_values() const { return singular_values_; }

  // Dot product of two unit vectors of this space.
  float Cosine(const float* a, const float* b) const;

 private:
  LatentSpace() = default;

  // Projects the orthonormal `directions` out of every term and training document vector and
  // normalises the documents again.
  void ProjectOut(const std::vector<std::vector<double>>& directions);

  int dimensions_ = 0;
  std::vector<int32_t> rows_;        // Per term id: its row below, or -1 if not in the space.
  std::vector<double> idf_;          // Per row.
  std::vector<float> term_vectors_;  // rows x dimensions: rows of U_k, scaled.
  std::vector<float> documents_;     // documents x dimensions, unit rows.
  std::vector<double> singular_values_;
};

struct LatentRankerOptions {
  LatentOptions space;
  // Rocchio feedback inside the latent space (Rocchio 1971): the query vector moves towards
  // the centroid of its `feedback_documents` nearest works, with this weight (0 = off).
  // Used only when Score is asked for it: feedback helps long, topical queries (a paper's
  // abstract on dblp: +0.02 MAP) and hurts short, specific problem statements (the judged
  // Vietnamese set: -0.07 MAP), where the nearest works drift off the point.
  int feedback_documents = 10;
  double feedback_weight = 3.0;
  // An expert scores cosine(query, centroid of the expert's works) * works^size_exponent:
  // the centroid says what the expert works on, the size how much evidence there is.
  double size_exponent = 0.6;
};

// Experts ranked in a LatentSpace by the centroid of their works: the "profile" model of
// expert finding (Balog, Azzopardi & de Rijke, SIGIR 2006, model 1) in a latent space, which
// on the dblp set beats voting over single works (docs/BENCHMARKS.md). Meant to be fused
// with the lexical engine's scores, not to replace it: it knows no phrases and no language
// it has not seen.
//
// It takes terms as strings and numbers them itself (its callers, the quality benchmarks,
// have no term dictionary).
//
// Thread safety: immutable after Build.
class LatentRanker {
 public:
  // `documents`: the terms of every work; `expert_documents`: for each expert, indexes
  // into `documents` (an expert with none scores 0).
  // Errors: those of LatentSpace::Build; InvalidArgument for an index out of range.
  static base::Result<LatentRanker> Build(const std::vector<std::vector<std::string>>& documents,
                                          const std::vector<std::vector<int>>& expert_documents,
                                          const LatentRankerOptions& options = {});

  // The score of every expert (in Build's order), >= 0, for a query given as terms (with
  // optional weights, as for LatentSpace::Embed).
  enum class Feedback { kOff, kOn };
  std::vector<double> Score(const std::vector<std::string>& query_terms,
                            const std::vector<float>& term_weights = {},
                            Feedback feedback = Feedback::kOff) const;

  // The unit vector of `terms` in space() (repeats count; `term_weights`, when not empty,
  // multiplies each term's count and has the size of `terms`).
  std::vector<float> Embed(const std::vector<std::string>& terms,
                           const std::vector<float>& term_weights = {}) const;

  const LatentSpace& space() const { return space_; }

 private:
  LatentRanker(LatentSpace space, LatentRankerOptions options)
      : space_(std::move(space)), options_(options) {}

  LatentSpace space_;
  LatentRankerOptions options_;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<float> centroids_;  // experts x dimensions, unit rows (zero if no works).
  std::vector<double> size_factors_;
};

}  // namespace ketnoi::rank
