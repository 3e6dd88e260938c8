// Status: the outcome of an operation that can fail, in the manner of LevelDB and Abseil.
//
// A Status is either OK or carries a code chosen by what the caller should do, a message
// for people, and optionally the name of the input field that caused it (for example
// "affiliations[1].organization_id"), so an API can tell a client exactly what to fix.
//
// Thread safety: a Status is a value; distinct objects may be used from distinct threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace ketnoi::base {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // The caller's input is wrong; fix it and retry.
  kNotFound,            // The entity does not exist.
  kAlreadyExists,       // A unique key (id, ORCID, code) is already taken.
  kPermissionDenied,    // The caller may not do this.
  kFailedPrecondition,  // The system is not in a state that allows this; change it first.
  kUnavailable,         // Transient; retrying later may succeed.
  kDataLoss,            // Stored data is corrupt or unreadable.
  kInternal,            // A bug or an unexpected library failure.
};

// Returns the stable lower-case name of `code`, e.g. "invalid_argument".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK.
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the error refers to, or empty.
  const std::string& field() const { return field_; }

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(std::string_view context) const;
  // Returns a copy whose field is `prefix` joined with the current field, e.g.
  // "authors[2]" + "name" -> "authors[2].name".
  Status WithFieldPrefix(std::string_view prefix) const;

  // "invalid_argument: message (field: x)"; "ok" for OK.
  std::string ToString() const;

  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

inline Status InvalidArgument(std::string message, std::string field = {}) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::move(field));
}
inline Status NotFound(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status AlreadyExists(std::string message, std::string field = {}) {
  return Status(StatusCode::kAlreadyExists, std::move(message), std::move(field));
}
inline Status PermissionDenied(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
inline Status FailedPrecondition(std::string message, std::string field = {}) {
  return Status(StatusCode::kFailedPrecondition, std::move(message), std::move(field));
}
inline Status Unavailable(std::string message) {
  return Status(StatusCode::kUnavailable, std::move(message));
}
inline Status DataLoss(std::string message) {
  return Status(StatusCode::kDataLoss, std::move(message));
}
inline Status Internal(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

}  // namespace ketnoi::base

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    ::ketnoi::base::Status ketnoi_status_ = (expr);  \
    if (!ketnoi_status_.ok()) return ketnoi_status_; \
  } while (false)

#define KETNOI_CONCAT_INNER(a, b) a##b
#define KETNOI_CONCAT(a, b) KETNOI_CONCAT_INNER(a, b)

// NOLINTBEGIN(bugprone-macro-parentheses): `lhs` is a declaration and cannot be parenthesised.
// ASSIGN_OR_RETURN(auto x, MakeResult()): declares x from a Result<T>, or returns its Status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  KETNOI_ASSIGN_OR_RETURN_IMPL(KETNOI_CONCAT(ketnoi_result_, __LINE__), lhs, expr)
#define KETNOI_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();     \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
