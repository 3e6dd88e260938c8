// Clock: the source of the current time, passed in so tests can fix it.
//
// Thread safety: implementations must be safe to call from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ketnoi::base {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch, UTC.
  virtual int64_t NowSeconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowSeconds() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that returns a time set by the test.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t seconds) : seconds_(seconds) {}
  int64_t NowSeconds() const override { return seconds_; }
  void Set(int64_t seconds) { seconds_ = seconds; }

 private:
  int64_t seconds_;
};

// Formats seconds since the epoch as RFC 3339 UTC, e.g. "2026-11-23T13:17:09Z".
std::string FormatTimestamp(int64_t seconds);

}  // namespace ketnoi::base
