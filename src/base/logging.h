// Minimal levelled logging to a sink (stderr by default).
//
// A Logger is created by the program's entry point and passed to whoever logs; there is no
// global logger. Thread safety: Log() may be called from any thread; lines never interleave.
#pragma once

#include <cstdio>
#include <mutex>
#include <string_view>

#include "base/result.h"

namespace ketnoi::base {

enum class LogLevel { kDebug, kInfo, kWarning, kError, kOff };

// Parses "debug", "info", "warning" (or "warn"), "error", "off".
Result<LogLevel> ParseLogLevel(std::string_view text);

class Logger {
 public:
  explicit Logger(LogLevel level = LogLevel::kInfo, std::FILE* sink = stderr)
      : level_(level), sink_(sink) {}

  bool Enabled(LogLevel level) const { return level >= level_ && level_ != LogLevel::kOff; }
  // Writes "2026-11-23T10:00:00Z INFO message\n" if `level` is enabled.
  void Log(LogLevel level, std::string_view message);

  void Debug(std::string_view m) { Log(LogLevel::kDebug, m); }
  void Info(std::string_view m) { Log(LogLevel::kInfo, m); }
  void Warning(std::string_view m) { Log(LogLevel::kWarning, m); }
  void Error(std::string_view m) { Log(LogLevel::kError, m); }

 private:
  LogLevel level_;
  std::FILE* sink_;
  std::mutex mutex_;
};

}  // namespace ketnoi::base
