#include "bench/peer.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <system_error>
#include <unordered_map>

namespace ketnoi::bench {

base::Result<std::unique_ptr<TempDir>> TempDir::Create(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::error_code error;
  const std::filesystem::path base = std::filesystem::temp_directory_path(error);
  if (error) return base::Unavailable("no temporary folder: " + error.message());
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::filesystem::path path =
        base / (prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
                std::to_string(now % 1000000007));
    if (std::filesystem::create_directory(path, error)) {
      return std::unique_ptr<TempDir>(new TempDir(path));
    }
  }
  return base::Unavailable("cannot create a folder under " + base.string() + ": " +
                           error.message());
}

TempDir::~TempDir() {
  std::error_code error;
  std::filesystem::remove_all(path_, error);  // Best effort: nothing to do on failure.
}

int64_t TempDir::SizeInBytes() const {
  int64_t total = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path_, error)) {
    if (entry.is_regular_file(error)) total += static_cast<int64_t>(entry.file_size(error));
  }
  return total;
}

std::vector<int64_t> CombSumTopExperts(const std::vector<ScoredWork>& works,
                                       const CorpusGenerator& corpus, int k) {
  std::unordered_map<int64_t, double> sums;
  sums.reserve(works.size());
  for (const ScoredWork& work : works) {
    const int64_t expert = corpus.ExpertOfWork(work.work_id);
    if (expert >= 0) sums[expert + 1] += work.score;
  }
  std::vector<std::pair<int64_t, double>> ranked(sums.begin(), sums.end());
  const auto better = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const size_t top = std::min<size_t>(ranked.size(), static_cast<size_t>(k));
  std::partial_sort(ranked.begin(), ranked.begin() + top, ranked.end(), better);
  std::vector<int64_t> ids;
  ids.reserve(top);
  for (size_t i = 0; i < top; ++i) ids.push_back(ranked[i].first);
  return ids;
}

}  // namespace ketnoi::bench
