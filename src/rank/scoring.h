// Scoring model of the engine: per-work BM25F, work weights, idf and score normalisation.
//
// A work d is scored against query q with BM25F (Robertson & Zaragoza, "The Probabilistic
// Relevance Framework: BM25 and Beyond", FnTIR 2009, §3.5-3.6):
//   pseudo_tf(t, d) = sum over fields f of  w_f * tf_f(t, d) / (1 - b_f + b_f * len_f / avglen_f)
//   impact(t, d)    = pseudo_tf / (k1 + pseudo_tf)                                  in [0, 1)
//   score(q, d)     = sum over query terms t of  qw_t * idf_t * impact(t, d)
// with idf_t = ln(1 + (N - df_t + 0.5) / (df_t + 0.5)) (the non-negative form used by Lucene).
// An expert's profile (skills, bio) is scored the same way as one more pseudo-document.
// How works add up to an expert is in rank/aggregation.h.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "rank/latent.h"

namespace ketnoi::rank {

struct FieldParams {
  float weight = 1.0f;  // w_f.
  float b = 0.75f;      // Length normalisation strength b_f in [0, 1].
};

// Defaults are reasonable starting points; the quality engineer tunes them on evaluation
// data.
struct ScoringParams {
  float k1 = 1.2f;
  // Work fields.
  FieldParams title{3.0f, 0.5f};
  FieldParams keywords{2.0f, 0.3f};
  FieldParams abstract{1.0f, 0.75f};
  FieldParams venue{0.5f, 0.3f};
  // Profile fields.
  FieldParams skills{2.0f, 0.3f};
  FieldParams bio{1.0f, 0.75f};

  // Aggregation: expert = sum_d weight(d) * score(q, d) / (sum_d weight(d))^alpha
  //                       + beta * profile score.
  // alpha = 0 sums the evidence (CombSUM, Balog's model 2: favours prolific experts), alpha = 1
  // averages it (favours focused ones). Without expert feedback the sets disagreed (dblp,
  // where relevance is a shared topic, wants sums; the judged Vietnamese set wanted means, and
  // below 0.4 put a second-best expert first on one statement), and 0.4 was the default. With
  // expert feedback (below) the sum costs the judged set nothing: alpha 0 with
  // latent_size_exponent 0.4 and feedback weight 1.5 moved dblp MAP 0.391 -> 0.399, the
  // judged set 0.914 -> 0.916 (MRR 1 kept) and, without Vietnamese biographies, 0.846 ->
  // 0.843. See docs/BENCHMARKS.md, "Matching quality".
  float alpha = 0.0f;
  float beta = 0.5f;

  // Work weight = recency * role * key.
  float recency_half_life_years = 8.0f;
  float unknown_year_age = 10.0f;    // Age assumed for works without a year.
  float other_author_weight = 0.6f;  // Neither first, last nor corresponding author.
  float key_work_weight = 1.5f;

  // Normalisation (see MaxTermEvidence): the work mass of the ideal expert.
  float normalization_mass = 4.0f;
  // Query weight of a Vietnamese syllable on its own (text::AnalyzerOptions::syllable_weight):
  // "máy" or "số" alone says little; the compounds they form carry the meaning. 0.5 lifted
  // MAP on the judged Vietnamese set from 0.788 to 0.816 (0.3: 0.817).
  float vietnamese_syllable_weight = 0.5f;
  // Query reduction: a problem statement is searched by its max_query_terms known terms of
  // highest weight (qw * idf); the others still count in the normalisation and in the
  // latent embedding. Long statements are mostly context ("the company is looking for a
  // partner to..."), whose many moderately rare words outvote the few that name the
  // problem; keeping the most informative terms is the simplest form of the reduction of
  // verbose queries (Bendersky & Croft, "Discovering key concepts in verbose queries",
  // SIGIR 2008; Kumaran & Carvalho, "Reducing long queries using query quality
  // predictors", SIGIR 2009). 32 over all terms: judged Vietnamese set MAP 0.893 -> 0.912,
  // without Vietnamese biographies 0.668 -> 0.732, dblp 0.354 -> 0.351; and the lexical
  // search of a 250-term statement costs what a 32-term one does. 0 keeps every term.
  int max_query_terms = 32;
  // Calibration (see CalibratedScore): the normalised score shown as 0.5.
  float calibration_midpoint = 0.013f;

  // Latent fusion (rank/latent.h): an expert's displayed score is FusedScore,
  //   (1 - latent_weight) * AnchoredLexical(x_e, x*) + latent_weight * max(0, cos(q, c_e))
  // where c_e is the unit centroid of the expert's works and profile in a LatentSpace
  // learned by BuildAll over the analysed terms of all works and profiles, and x* the
  // problem's best normalised lexical score over all experts. Both parts lie in [0, 1], so
  // the fused score does too; the lexical part of the best match is its calibrated score, so
  // scores stay comparable across problems. 0 turns the latent stage off (no space is built,
  // scores are the lexical ones). 0.7 with expert feedback (below): without it 0.5 was the
  // default, as more latent weight put a second-best expert first on a few judged Vietnamese
  // statements (MRR 0.977 at 0.7); the feedback, which lets the lexically best experts say
  // where the query sits in the space, removes that (docs/BENCHMARKS.md, "Matching quality").
  float latent_weight = 0.7f;
  LatentOptions latent;
  // The space is made cross-lingual by projecting out this many directions along which the
  // experts' parallel Vietnamese and English biographies differ
  // (LatentSpace::RemoveLanguageDirections). Without it the space clusters documents by
  // language, and long Vietnamese problem statements draw the experts with many
  // Vietnamese-language works to the top of unrelated problems. With two languages in the
  // pairs one direction suffices (judged set: 1, 2, 4 and 8 within 0.005 MAP of each
  // other); 0 keeps the space as learned. With fewer than 20 sampled experts having both
  // biographies, BuildAll removes instead the one direction between the mean Vietnamese and
  // the mean English work (LatentSpace::RemoveMeanDifference).
  int latent_language_directions = 1;
  // The latent score is max(0, cos) * size factor, size = min(1, (n / latent_full_documents)
  // ^ latent_size_exponent) for an expert with n documents (works and profile): the centroid
  // says what the expert works on, the size how much evidence there is (as the LSA ranker
  // of rank/latent.h); the factor is at most 1, so the score stays in [0, 1]. 0.4 (was 0.6)
  // since the lexical evidence is summed (alpha 0), which already weighs the amount of it.
  float latent_size_exponent = 0.4f;
  float latent_full_documents = 8.0f;
  // Rocchio feedback in the latent space (LatentSpace::Feedback): the query vector moves
  // towards the mean of its latent_feedback_documents nearest training documents with
  // weight latent_feedback_weight. Off (0) by default: it helps when the query is itself a
  // paper (dblp: +0.01 to +0.03 MAP) and puts a second-best expert first on specific
  // problem statements (judged set: MRR 1 -> 0.97); an option for "experts for this paper".
  int latent_feedback_documents = 10;
  float latent_feedback_weight = 0.0f;
  // Rocchio feedback from experts (engine.cc, ExpertFeedback): the query vector moves
  // towards the mean unit centroid of the latent_expert_feedback_experts best experts of a
  // first exact fused ranking (filters aside), with weight latent_expert_feedback_weight
  // (0 = off), and the experts are ranked again with it. The feedback set is chosen with the
  // lexical evidence, so it stays on a specific problem where the nearest training documents
  // drift off it. 3 experts with the query's own weight (1), with latent_weight 0.7: dblp
  // MAP 0.351 -> 0.391, judged Vietnamese set 0.912 -> 0.914 (MRR 1 kept), without
  // Vietnamese biographies 0.834 -> 0.846. Weight 1.5 is the middle of the plateau (1 to 2)
  // found with alpha 0.
  int latent_expert_feedback_experts = 3;
  float latent_expert_feedback_weight = 1.5f;
  // BuildAll learns the space from a sample of about this many documents (every n-th
  // expert's works and profile) and folds the other experts in, which bounds its cost on
  // large collections (the SVD costs O(documents x terms in them x 64 x 8)).
  int latent_training_documents = 20000;
};

// Field indexes of the work and profile pseudo-documents.
enum WorkField { kTitle = 0, kKeywords = 1, kAbstract = 2, kVenue = 3, kNumWorkFields = 4 };
enum ProfileField { kSkills = 0, kBio = 1, kNumProfileFields = 2 };

// weight(d): recency, halving every `recency_half_life_years` years before current_year,
// times the author role (first, last or corresponding author weigh 1, others
// other_author_weight), times key_work_weight for key works.
float WorkWeight(const ScoringParams& params, int current_year, int year, int author_position,
                 int author_count, bool corresponding, bool key);

// The BM25F length-normalised term frequency contribution of one field.
inline float FieldPseudoTf(const FieldParams& field, float tf, float length, float avg_length) {
  if (tf <= 0) return 0;
  const float norm = avg_length > 0 ? 1 - field.b + field.b * length / avg_length : 1;
  return field.weight * tf / norm;
}

// BM25 saturation: impact in [0, 1).
inline float Saturate(float k1, float pseudo_tf) { return pseudo_tf / (k1 + pseudo_tf); }

// idf over `documents` documents (works plus profiles) of which `df` contain the term.
inline float Idf(int64_t documents, int64_t df) {
  return static_cast<float>(std::log(1.0 + (documents - df + 0.5) / (df + 0.5)));
}

// Work impacts are stored in 8 bits: impact * 255, at least 1 when the term occurs (so a
// posting never scores zero). The quantisation error (< 0.2% of the maximum) is far below
// the differences that matter for ranking.
inline uint8_t QuantizeImpact(float impact) {
  const long q = std::lround(impact * 255.0f);
  return static_cast<uint8_t>(q < 1 ? 1 : (q > 255 ? 255 : q));
}
// q / 255, from a table: a load instead of a division, for every term of every expert at
// indexing time.
inline constexpr std::array<float, 256> kDequantizedImpacts = [] {
  std::array<float, 256> values{};
  for (int q = 0; q < 256; ++q) values[q] = static_cast<float>(q) / 255.0f;
  return values;
}();
inline float DequantizeImpact(uint8_t q) { return kDequantizedImpacts[q]; }

// The largest per-term expert evidence E(t, e) the normaliser assumes: an ideal expert
// whose works, of total weight normalization_mass, all saturate the term (impact 1), and
// whose profile does too: mass^(1 - alpha) + beta. A match's normalised score is
// raw / (sum_t qw_t * idf_t * MaxTermEvidence), clamped to 1: it says how close the expert
// comes to the ideal for every term of the problem, independent of the other experts, so
// scores are comparable across problems.
inline float MaxTermEvidence(const ScoringParams& params) {
  return std::pow(params.normalization_mass, 1.0f - params.alpha) + params.beta;
}

// The score people see. The normalised score x = raw / norm measures the expert against an
// ideal who masters every term of the problem; long problem statements mention far more
// than any one expert covers, so even excellent matches have small x (0.02-0.08 on the demo
// problems). x / (x + m) keeps the order and the comparability across problems (it is the
// same increasing function for every problem) and reads as a percentage: m is set so that
// the median best match over the demo problems shows about 70%, a match with half of that
// evidence about 50%.
inline double CalibratedScore(const ScoringParams& params, double normalized) {
  if (!(normalized > 0)) return 0;
  return normalized / (normalized + params.calibration_midpoint);
}

// The lexical part of a fused score: the normalised score x on a linear scale anchored at the
// query's best normalised score `best`, x / (best + m). The best expert gets its
// CalibratedScore, best / (best + m), which keeps fused scores comparable across problems;
// the others get a share of it in proportion to their evidence, where CalibratedScore would
// squeeze every good match of a long statement towards 1 and let the latent part alone decide
// between them (it also lets MatchFused's bound separate them: docs/BENCHMARKS.md).
// REQUIRES: 0 <= normalized <= best.
inline double AnchoredLexical(const ScoringParams& params, double normalized, double best) {
  if (!(normalized > 0)) return 0;
  return normalized / (best + params.calibration_midpoint);
}

// The displayed score of an expert from its calibrated lexical score `lexical` and latent
// score `latent` (both in [0, 1]). Increasing in both (MatchFused's bound relies on it).
inline double FusedScore(const ScoringParams& params, double lexical, double latent) {
  const double w = params.latent_weight;
  return (1 - w) * lexical + w * latent;
}

}  // namespace ketnoi::rank
