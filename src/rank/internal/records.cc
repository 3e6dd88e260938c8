#include "rank/internal/records.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <utility>

#include "rank/internal/term_table.h"

namespace ketnoi::rank::internal {

Id AnalyzedExpert::id() const { return record->id; }

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

// Counts the terms of one pseudo-document per field, in a TermTable reused from document
// to document, and appends the document's distinct
// terms with their packed frequencies to a pending record.
template <int kFields>
class DocCollector {
 public:
  base::Status Add(text::Analyzer& analyzer, std::string_view text, text::Language language,
                   int field, LocalDictionary& dictionary) {
    if (text.empty()) return base::Status::Ok();
    ids_.clear();
    RETURN_IF_ERROR(analyzer.AnalyzeIds(text, language, dictionary, &ids_));
    table_.Reserve(ids_.size());
    for (uint32_t term : ids_) {
      uint8_t& tf = table_[table_.Find(term, {term, {}})].tf[field];
      tf = static_cast<uint8_t>(tf + (tf < 255 ? 1 : 0));
    }
    length_[field] += static_cast<uint32_t>(ids_.size());
    return base::Status::Ok();
  }

  // Appends the document's entries to `terms` and `impacts` (packed frequencies), its wide
  // ones also to `wide`; returns the field lengths.
  std::array<uint32_t, kFields> Finish(std::vector<uint32_t>& terms, std::vector<uint8_t>& impacts,
                                       std::vector<AnalyzedExpert::WideTf>& wide) {
    for (const Entry& entry : table_.entries()) {
      // Packed when exactly one field has the term, fewer than 64 times. Counted without a
      // branch per field (the fields a term is in vary from term to term).
      int fields = 0;
      int field = 0;
      for (int f = 0; f < kFields; ++f) {
        fields += entry.tf[f] != 0 ? 1 : 0;
        field = entry.tf[f] != 0 ? f : field;
      }
      const uint8_t packed = fields == 1 && entry.tf[field] < 64
                                 ? static_cast<uint8_t>(field << 6 | entry.tf[field])
                                 : kWideTf;
      if (packed == kWideTf) {
        AnalyzedExpert::WideTf tf{static_cast<uint32_t>(terms.size()), {}};
        for (int f = 0; f < kFields; ++f) tf.tf[f] = entry.tf[f];
        wide.push_back(tf);
      }
      terms.push_back(entry.term);
      impacts.push_back(packed);
    }
    table_.Clear();
    const std::array<uint32_t, kFields> length = length_;
    length_ = {};
    return length;
  }

 private:
  struct Entry {
    uint32_t term;
    std::array<uint8_t, kFields> tf;
  };

  std::vector<uint32_t> ids_;
  TermTable<Entry> table_;
  std::array<uint32_t, kFields> length_{};
};

// The per-field frequencies of a record entry packed as `packed` (see kWideTf); wide entries
// come from `analyzed.wide` in order, `*wide` counting those already read.
std::array<uint8_t, 4> UnpackTf(uint8_t packed, const AnalyzedExpert& analyzed, size_t* wide) {
  if (packed == kWideTf) return analyzed.wide[(*wide)++].tf;
  std::array<uint8_t, 4> tf{};
  tf[packed >> 6] = packed & 63;
  return tf;
}

}  // namespace

std::unordered_set<Id> SharedWorkAnalyses::SharedIds(const std::vector<ExpertInput>& inputs) {
  std::unordered_map<Id, bool> seen;  // Whether seen more than once.
  for (const ExpertInput& input : inputs) {
    for (const WorkInput& work : input.works) {
      if (work.hidden || work.id == 0) continue;
      auto [it, first] = seen.try_emplace(work.id, false);
      if (!first) it->second = true;
    }
  }
  std::unordered_set<Id> shared;
  for (const auto& [id, again] : seen) {
    if (again) shared.insert(id);
  }
  return shared;
}

uint64_t SharedWorkAnalyses::Fingerprint(const WorkInput& input) {
  const WorkInput& work = input.text_source();
  // The sizes of the parts and the language: hashing the text would cost a tenth of
  // analysing it.
  uint64_t fingerprint = work.title.size();
  auto mix = [&](uint64_t value) { fingerprint = fingerprint * 0x9E3779B97F4A7C15ULL + value; };
  for (const std::string& keyword : work.keywords) mix(keyword.size() + 1);
  mix(work.abstract.size());
  mix(work.venue.size());
  for (char c : work.language) mix(static_cast<unsigned char>(c));
  return fingerprint;
}

std::optional<std::array<uint32_t, kNumWorkFields>> SharedWorkAnalyses::Reuse(
    const WorkInput& work, std::vector<uint32_t>& terms, std::vector<uint8_t>& impacts,
    std::vector<AnalyzedExpert::WideTf>& wide) const {
  if (work.id == 0) return std::nullopt;
  auto found = analyses_.find(work.id);
  if (found == analyses_.end()) return std::nullopt;
  const Analysis& analysis = found->second;
  if (analysis.fingerprint != Fingerprint(work)) return std::nullopt;
  const auto base = static_cast<uint32_t>(terms.size());
  terms.insert(terms.end(), terms_.begin() + analysis.terms_begin,
               terms_.begin() + analysis.terms_end);
  impacts.insert(impacts.end(), impacts_.begin() + analysis.terms_begin,
                 impacts_.begin() + analysis.terms_end);
  for (uint32_t i = analysis.wide_begin; i < analysis.wide_end; ++i) {
    wide.push_back({wide_[i].entry + base, wide_[i].tf});
  }
  return analysis.length;
}

void SharedWorkAnalyses::Keep(const WorkInput& work, const std::vector<uint32_t>& terms,
                              const std::vector<uint8_t>& impacts,
                              const std::vector<AnalyzedExpert::WideTf>& wide, uint32_t begin,
                              size_t wide_begin,
                              const std::array<uint32_t, kNumWorkFields>& length) {
  if (work.id == 0 || !shared_->contains(work.id)) return;
  Analysis analysis;
  analysis.fingerprint = Fingerprint(work);
  analysis.terms_begin = static_cast<uint32_t>(terms_.size());
  terms_.insert(terms_.end(), terms.begin() + begin, terms.end());
  impacts_.insert(impacts_.end(), impacts.begin() + begin, impacts.end());
  analysis.terms_end = static_cast<uint32_t>(terms_.size());
  analysis.wide_begin = static_cast<uint32_t>(wide_.size());
  for (size_t i = wide_begin; i < wide.size(); ++i) {
    wide_.push_back({wide[i].entry - begin, wide[i].tf});
  }
  analysis.wide_end = static_cast<uint32_t>(wide_.size());
  analysis.length = length;
  analyses_.insert_or_assign(work.id, analysis);
}

base::Result<AnalyzedExpert> AnalyzeExpert(text::Analyzer& analyzer, ExpertInput& input,
                                           const ScoringParams& params, int current_year,
                                           bool keep_text, LocalDictionary& dictionary,
                                           SharedWorkAnalyses* shared) {
  // One collector per thread, reused: its table and buffers outlive the expert.
  thread_local DocCollector<kNumWorkFields> work_collector;
  thread_local DocCollector<kNumProfileFields> profile_collector;
  // The record's terms and packed frequencies as they are collected, copied into it at the
  // end: the record's vectors get their exact size once, rather than growing (and holding
  // up to twice their size until MakeRecord) expert after expert.
  thread_local std::vector<uint32_t> terms;
  thread_local std::vector<uint8_t> impacts;
  terms.clear();
  impacts.clear();
  const std::string context = "expert " + std::to_string(input.id);
  AnalyzedExpert out;
  out.record = std::make_unique<ExpertRecord>();
  ExpertRecord& record = *out.record;
  record.id = input.id;
  record.name = std::move(input.name);
  ExpertAttributes& attributes = record.attributes;
  attributes.country = std::move(input.country);
  attributes.chapter_ids = std::move(input.chapter_ids);
  attributes.languages = std::move(input.languages);
  attributes.group_ids = std::move(input.group_ids);
  attributes.engagement_modes = std::move(input.engagement_modes);
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

  if (keep_text) {
    size_t text_size = 0;
    for (const WorkInput& work : input.works) {
      if (!work.hidden) {
        text_size += work.text_source().title.size() + work.text_source().abstract.size();
      }
    }
    record.text.reserve(text_size);
  }
  record.works.reserve(input.works.size());
  for (const WorkInput& work : input.works) {
    if (work.hidden) continue;
    const WorkInput& source = work.text_source();
    const text::Language language = text::LanguageFromCode(source.language);
    ExpertRecord::Work entry;
    entry.terms_begin = static_cast<uint32_t>(terms.size());
    if (auto length =
            shared != nullptr ? shared->Reuse(work, terms, impacts, out.wide) : std::nullopt) {
      entry.length = *length;
    } else {
      base::Status status;
      auto add = [&](std::string_view part, int field) {
        if (status.ok()) status = work_collector.Add(analyzer, part, language, field, dictionary);
      };
      add(source.title, kTitle);
      for (const std::string& keyword : source.keywords) add(keyword, kKeywords);
      add(source.abstract, kAbstract);
      add(source.venue, kVenue);
      const size_t wide_begin = out.wide.size();
      // Also clears the collector after an error.
      entry.length = work_collector.Finish(terms, impacts, out.wide);
      if (!status.ok()) return status.WithContext(context + " work " + std::to_string(work.id));
      if (shared != nullptr) {
        shared->Keep(work, terms, impacts, out.wide, entry.terms_begin, wide_begin, entry.length);
      }
    }
    entry.terms_end = static_cast<uint32_t>(terms.size());
    entry.meta = {work.id, work.year,
                  WorkWeight(params, current_year, work.year, work.author_position,
                             work.author_count, work.corresponding, work.key),
                  language};
    if (keep_text) {
      entry.title_begin = static_cast<uint32_t>(record.text.size());
      entry.title_size = static_cast<uint32_t>(source.title.size());
      entry.abstract_size = static_cast<uint32_t>(source.abstract.size());
      record.text += source.title;
      record.text += source.abstract;
    }
    record.total_weight += entry.meta.weight;
    record.works.push_back(entry);
  }
  input.works = std::vector<WorkInput>();  // Its text, if kept, is in the record.

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
  record.profile_begin = static_cast<uint32_t>(terms.size());
  record.profile_length = profile_collector.Finish(terms, impacts, out.wide);
  if (!status.ok()) return status.WithContext(context + " profile");
  record.terms.assign(terms.begin(), terms.end());
  record.impacts.assign(impacts.begin(), impacts.end());
  return out;
}

void AccountLengths(const AnalyzedExpert& expert, LengthStats* stats) {
  AccountLengths(*expert.record, +1, stats);
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

std::vector<TermCounts> LatentWorkDocuments(const AnalyzedExpert& analyzed,
                                            const std::vector<uint32_t>* global_ids) {
  std::vector<TermCounts> documents;
  documents.reserve(analyzed.record->works.size());
  ForEachLatentWorkDocument(analyzed, global_ids,
                            [&](const ExpertRecord::Work& /*work*/, const TermCounts& terms) {
                              documents.push_back(terms);
                            });
  return documents;
}

void ForEachLatentWorkDocument(
    const AnalyzedExpert& analyzed, const std::vector<uint32_t>* global_ids,
    const std::function<void(const ExpertRecord::Work&, const TermCounts&)>& each) {
  const ExpertRecord& record = *analyzed.record;
  size_t wide = 0;  // Wide entries are met in order, as MakeRecord meets them.
  // A work's bag, reused from work to work and from expert to expert.
  thread_local TermCounts terms;
  for (const ExpertRecord::Work& work : record.works) {
    terms.clear();
    for (uint32_t i = work.terms_begin; i < work.terms_end; ++i) {
      // The count in title, keywords and abstract (see UnpackTf): a packed entry is in one
      // field.
      const uint8_t packed = record.impacts[i];
      int count = 0;
      if (packed != kWideTf) {
        if ((packed >> 6) != kVenue) count = packed & 63;
      } else {
        const std::array<uint8_t, 4>& tf = analyzed.wide[wide++].tf;
        count = tf[kTitle] + tf[kKeywords] + tf[kAbstract];
      }
      if (count == 0) continue;
      const uint32_t term =
          global_ids == nullptr ? record.terms[i] : (*global_ids)[record.terms[i]];
      terms.push_back({term, static_cast<float>(count)});
    }
    each(work, terms);
  }
}

namespace {

// LSD radix sort of `keys` on the term (bits 8 and up), kDigitBits a pass: one counting pass
// for every digit, then one scatter per digit.
template <int kDigitBits>
void RadixSortByTerm(std::vector<uint64_t>& keys, std::vector<uint64_t>& buffer, int passes) {
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  constexpr int kMaxPasses = (32 + kDigitBits - 1) / kDigitBits;
  auto digit = [](uint64_t key, int pass) {
    return static_cast<size_t>(key >> (8 + pass * kDigitBits)) & (kBuckets - 1);
  };
  std::array<std::array<uint32_t, kBuckets>, kMaxPasses> counts;
  for (int pass = 0; pass < passes; ++pass) counts[pass].fill(0);
  for (uint64_t key : keys) {
    for (int pass = 0; pass < passes; ++pass) ++counts[pass][digit(key, pass)];
  }
  buffer.resize(keys.size());
  for (int pass = 0; pass < passes; ++pass) {
    uint32_t at = 0;
    for (uint32_t& count : counts[pass]) {
      const uint32_t n = count;
      count = at;
      at += n;
    }
    for (uint64_t key : keys) buffer[counts[pass][digit(key, pass)]++] = key;
    keys.swap(buffer);
  }
}

}  // namespace

void SortByTerm(std::vector<uint64_t>& keys, std::vector<uint64_t>& buffer, int term_bits) {
  // The digit's width suits the number of keys: the counters of a pass are cleared and
  // summed whatever the keys, so 11-bit digits (2,048 counters a pass, two passes for
  // 22-bit terms) pay off from about a thousand keys, 8-bit ones (256 counters, three
  // passes) from a few dozen; below that a comparison sort is cheapest.
  constexpr size_t kFewKeys = 64;
  constexpr size_t kManyKeys = 1024;
  const int bits = std::max(1, term_bits);
  if (keys.size() < kFewKeys || bits > 32) {
    std::sort(keys.begin(), keys.end());
  } else if (keys.size() < kManyKeys) {
    RadixSortByTerm<8>(keys, buffer, (bits + 7) / 8);
  } else {
    RadixSortByTerm<11>(keys, buffer, (bits + 10) / 11);
  }
}

ExpertRecord MakeRecord(AnalyzedExpert analyzed, const std::vector<uint32_t>* global_ids,
                        const LengthStats& stats, const ScoringParams& params) {
  ExpertRecord record = std::move(*analyzed.record);
  const FieldParams work_fields[kNumWorkFields] = {params.title, params.keywords, params.abstract,
                                                   params.venue};
  const FieldParams profile_fields[kNumProfileFields] = {params.skills, params.bio};
  float work_average[kNumWorkFields];
  for (int f = 0; f < kNumWorkFields; ++f) work_average[f] = stats.AverageWork(f);
  float profile_average[kNumProfileFields];
  for (int f = 0; f < kNumProfileFields; ++f) profile_average[f] = stats.AverageProfile(f);
  size_t wide = 0;
  // A document's impact per packed frequency (0: not computed yet; an impact is at least 1):
  // most of its terms occur once, in one field, so most share a few packed values.
  std::array<uint8_t, 256> impact_of{};
  // Turns one document's packed frequencies into impacts, and its terms into global ids.
  auto finish = [&](uint32_t begin, uint32_t end, const auto& length, const FieldParams* fields,
                    const float* average, int num_fields) {
    impact_of.fill(0);
    for (uint32_t i = begin; i < end; ++i) {
      const uint8_t packed = record.impacts[i];
      uint8_t impact = packed == kWideTf ? 0 : impact_of[packed];
      if (impact == 0) {
        const std::array<uint8_t, 4> tf = UnpackTf(packed, analyzed, &wide);
        float pseudo_tf = 0;
        for (int f = 0; f < num_fields; ++f) {
          pseudo_tf += FieldPseudoTf(fields[f], tf[f], static_cast<float>(length[f]), average[f]);
        }
        impact = QuantizeImpact(Saturate(params.k1, pseudo_tf));
        if (packed != kWideTf) impact_of[packed] = impact;
      }
      if (global_ids != nullptr) record.terms[i] = (*global_ids)[record.terms[i]];
      record.impacts[i] = impact;
    }
  };
  for (const ExpertRecord::Work& work : record.works) {
    finish(work.terms_begin, work.terms_end, work.length, work_fields, work_average,
           kNumWorkFields);
  }
  finish(record.profile_begin, static_cast<uint32_t>(record.terms.size()), record.profile_length,
         profile_fields, profile_average, kNumProfileFields);
  return record;  // Its terms and impacts have their exact size since AnalyzeExpert.
}

}  // namespace ketnoi::rank::internal
