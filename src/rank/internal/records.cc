#include "rank/internal/records.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace ketnoi::rank::internal {

uint32_t LocalDictionary::Intern(std::string_view term) {
  auto it = ids_.find(term);
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(terms_.size());
  ids_.emplace(std::string(term), id);
  terms_.emplace_back(term);
  return id;
}

base::Result<int32_t> ParseDate(std::string_view date, int32_t empty_value) {
  if (date.empty()) return empty_value;
  int year = 0, month = 0, day = 0;
  auto parse = [&](size_t pos, size_t len, int* out) {
    if (pos + len > date.size()) return false;
    auto [ptr, ec] = std::from_chars(date.data() + pos, date.data() + pos + len, *out);
    return ec == std::errc() && ptr == date.data() + pos + len;
  };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !parse(0, 4, &year) ||
      !parse(5, 2, &month) || !parse(8, 2, &day) || month < 1 || month > 12 || day < 1 ||
      day > 31) {
    return base::InvalidArgument("date \"" + std::string(date) + "\" is not YYYY-MM-DD");
  }
  return year * 10000 + month * 100 + day;
}

namespace {

// Collects (term, field) occurrences of one pseudo-document, then folds them into sorted
// entries; sorting ~200 pairs beats a hash map per document.
template <int kFields>
class DocCollector {
 public:
  base::Status Add(text::Analyzer& analyzer, std::string_view text, text::Language language,
                   int field, LocalDictionary& dictionary) {
    if (text.empty()) return base::Status::Ok();
    ASSIGN_OR_RETURN(std::vector<text::Term> terms, analyzer.Analyze(text, language));
    for (const text::Term& term : terms) {
      occurrences_.emplace_back(dictionary.Intern(term.text), field);
    }
    length_[field] += static_cast<uint32_t>(terms.size());
    return base::Status::Ok();
  }

  AnalyzedDoc<kFields> Finish() {
    AnalyzedDoc<kFields> doc;
    doc.length = length_;
    std::sort(occurrences_.begin(), occurrences_.end());
    for (const auto& [term, field] : occurrences_) {
      if (doc.entries.empty() || doc.entries.back().term != term) doc.entries.push_back({term, {}});
      uint8_t& tf = doc.entries.back().tf[field];
      if (tf < 255) ++tf;
    }
    occurrences_.clear();
    length_ = {};
    return doc;
  }

 private:
  std::vector<std::pair<uint32_t, int>> occurrences_;
  std::array<uint32_t, kFields> length_{};
};

}  // namespace

base::Result<AnalyzedExpert> AnalyzeExpert(text::Analyzer& analyzer, const ExpertInput& input,
                                           const ScoringParams& params, int current_year,
                                           LocalDictionary& dictionary) {
  const std::string context = "expert " + std::to_string(input.id);
  AnalyzedExpert out;
  out.id = input.id;
  out.name = input.name;
  ExpertAttributes& attributes = out.attributes;
  attributes.country = input.country;
  attributes.chapter_ids = input.chapter_ids;
  attributes.languages = input.languages;
  attributes.group_ids = input.group_ids;
  attributes.engagement_modes = input.engagement_modes;
  for (size_t i = 0; i < input.availability.size(); ++i) {
    const model::AvailabilityWindow& window = input.availability[i];
    auto from = ParseDate(window.from, 0);
    auto to = ParseDate(window.to, 99999999);
    if (!from.ok() || !to.ok()) {
      return (from.ok() ? to.status() : from.status())
          .WithContext(context + " availability[" + std::to_string(i) + "]");
    }
    attributes.availability.push_back({*from, *to});
  }

  DocCollector<kNumWorkFields> work_collector;
  for (const WorkInput& work : input.works) {
    if (work.hidden) continue;
    const text::Language language = text::LanguageFromCode(work.language);
    base::Status status;
    auto add = [&](std::string_view text, int field) {
      if (status.ok()) status = work_collector.Add(analyzer, text, language, field, dictionary);
    };
    add(work.title, kTitle);
    for (const std::string& keyword : work.keywords) add(keyword, kKeywords);
    add(work.abstract, kAbstract);
    add(work.venue, kVenue);
    if (!status.ok()) return status.WithContext(context + " work " + std::to_string(work.id));
    out.works.push_back({work.id, work.year,
                         WorkWeight(params, current_year, work.year, work.author_position,
                                    work.author_count, work.corresponding, work.key),
                         language});
    out.work_docs.push_back(work_collector.Finish());
    out.titles.push_back(work.title);
    out.abstracts.push_back(work.abstract);
  }

  DocCollector<kNumProfileFields> profile_collector;
  base::Status status;
  for (const std::string& skill : input.skills) {
    if (status.ok()) {
      status =
          profile_collector.Add(analyzer, skill, text::Language::kUnknown, kSkills, dictionary);
    }
  }
  if (status.ok()) {
    status = profile_collector.Add(analyzer, input.bio_vi, text::Language::kVietnamese, kBio,
                                   dictionary);
  }
  if (status.ok()) {
    status =
        profile_collector.Add(analyzer, input.bio_en, text::Language::kEnglish, kBio, dictionary);
  }
  if (!status.ok()) return status.WithContext(context + " profile");
  out.profile = profile_collector.Finish();
  return out;
}

void AccountLengths(const AnalyzedExpert& expert, LengthStats* stats) {
  for (const auto& doc : expert.work_docs) {
    ++stats->works;
    for (int f = 0; f < kNumWorkFields; ++f) stats->work_length[f] += doc.length[f];
  }
  if (expert.profile.length[kSkills] + expert.profile.length[kBio] > 0) {
    ++stats->profiles;
    for (int f = 0; f < kNumProfileFields; ++f) {
      stats->profile_length[f] += expert.profile.length[f];
    }
  }
}

void AccountLengths(const ExpertRecord& record, int sign, LengthStats* stats) {
  for (const ExpertRecord::Work& work : record.works) {
    stats->works += sign;
    for (int f = 0; f < kNumWorkFields; ++f)
      stats->work_length[f] += sign * static_cast<double>(work.length[f]);
  }
  if (record.HasProfile()) {
    stats->profiles += sign;
    for (int f = 0; f < kNumProfileFields; ++f) {
      stats->profile_length[f] += sign * static_cast<double>(record.profile_length[f]);
    }
  }
}

void AccountDf(const ExpertRecord& record, int sign, std::vector<int32_t>* df) {
  // Each work's and the profile's terms are distinct within their range, so every term id
  // counts each document once.
  for (uint32_t term : record.terms) {
    if (term >= df->size()) df->resize(term + 1, 0);
    (*df)[term] += sign;
  }
}

ExpertRecord MakeRecord(AnalyzedExpert analyzed, const std::vector<uint32_t>& global_ids,
                        const LengthStats& stats, const ScoringParams& params) {
  ExpertRecord record;
  record.id = analyzed.id;
  record.name = std::move(analyzed.name);
  record.attributes = std::move(analyzed.attributes);
  const FieldParams work_fields[kNumWorkFields] = {params.title, params.keywords, params.abstract,
                                                   params.venue};
  const FieldParams profile_fields[kNumProfileFields] = {params.skills, params.bio};
  std::vector<std::pair<uint32_t, uint8_t>> scratch;
  // Appends one document's impacts, sorted by global id.
  auto append = [&](const auto& doc, const FieldParams* fields, auto average) {
    scratch.clear();
    for (const auto& entry : doc.entries) {
      float pseudo_tf = 0;
      for (size_t f = 0; f < entry.tf.size(); ++f) {
        pseudo_tf += FieldPseudoTf(fields[f], entry.tf[f], static_cast<float>(doc.length[f]),
                                   average(static_cast<int>(f)));
      }
      scratch.emplace_back(global_ids[entry.term], QuantizeImpact(Saturate(params.k1, pseudo_tf)));
    }
    std::sort(scratch.begin(), scratch.end());
    for (const auto& [term, impact] : scratch) {
      record.terms.push_back(term);
      record.impacts.push_back(impact);
    }
  };
  size_t text_size = 0;
  for (size_t i = 0; i < analyzed.works.size(); ++i) {
    text_size += analyzed.titles[i].size() + analyzed.abstracts[i].size();
  }
  record.text.reserve(text_size);
  for (size_t i = 0; i < analyzed.works.size(); ++i) {
    ExpertRecord::Work work;
    work.meta = analyzed.works[i];
    work.length = analyzed.work_docs[i].length;
    work.terms_begin = static_cast<uint32_t>(record.terms.size());
    append(analyzed.work_docs[i], work_fields, [&](int f) { return stats.AverageWork(f); });
    work.terms_end = static_cast<uint32_t>(record.terms.size());
    work.title_begin = static_cast<uint32_t>(record.text.size());
    work.title_size = static_cast<uint32_t>(analyzed.titles[i].size());
    work.abstract_size = static_cast<uint32_t>(analyzed.abstracts[i].size());
    record.text += analyzed.titles[i];
    record.text += analyzed.abstracts[i];
    record.total_weight += work.meta.weight;
    record.works.push_back(work);
  }
  record.profile_begin = static_cast<uint32_t>(record.terms.size());
  record.profile_length = analyzed.profile.length;
  append(analyzed.profile, profile_fields, [&](int f) { return stats.AverageProfile(f); });
  record.terms.shrink_to_fit();
  record.impacts.shrink_to_fit();
  return record;
}

}  // namespace ketnoi::rank::internal
