// Work: evidence of expertise (a publication, patent, project or product) and its authors,
// some of whom are experts in the registry.
#pragma once

#include <string>
#include <vector>

#include "model/common.h"

namespace ketnoi::model {

enum class WorkKind { kPublication, kPatent, kProject, kProduct };

struct WorkAuthor {
  std::string name;  // As printed on the work.
  Id expert_id = 0;  // The registry expert, or 0 for an outside author.
  bool corresponding = false;
  // The expert's own choices about this work (for a registry expert only): hidden from
  // matching, or a key work that weighs more. Imports keep them.
  bool hidden = false;
  bool key = false;

  bool operator==(const WorkAuthor&) const = default;
};

struct Work {
  Id id = 0;
  WorkKind kind = WorkKind::kPublication;
  std::string title;
  std::string abstract;
  int year = 0;  // 0 when unknown.
  std::string venue;
  std::string language;  // ISO 639-1 code of the title and abstract.
  std::string doi;       // "10.xxxx/..." or empty.
  std::string url;
  std::vector<std::string> keywords;
  std::vector<WorkAuthor> authors;  // In printed order.
  Timestamps timestamps;

  bool operator==(const Work&) const = default;
};

}  // namespace ketnoi::model
