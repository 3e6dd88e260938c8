#include "service/export.h"

#include <map>

#include "import/csv/csv_writer.h"
#include "model/enums.h"
#include "model/json.h"

namespace ketnoi::service {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) {
    if (!joined.empty()) joined += "; ";
    joined += item;
  }
  return joined;
}

template <typename T>
std::string JsonArray(const std::vector<T>& items) {
  model::Json array = model::Json::array();
  for (const T& item : items) array.push_back(model::ToJson(item));
  return array.dump(2, ' ', false, model::Json::error_handler_t::replace) + "\n";
}

}  // namespace

base::Result<std::string> ExportExperts(Catalog& catalog, ExportFormat format) {
  ASSIGN_OR_RETURN(std::vector<model::Expert> experts, ListAll<model::Expert>(catalog, {}));
  if (format == ExportFormat::kJson) return JsonArray(experts);
  ASSIGN_OR_RETURN(std::vector<model::Organization> organizations,
                   ListAll<model::Organization>(catalog, {}));
  std::map<model::Id, std::string> organization_names;
  for (const model::Organization& o : organizations) organization_names[o.id] = o.name;
  std::vector<std::vector<std::string>> rows;
  for (const model::Expert& e : experts) {
    // The current affiliation first, as the importer reads one organisation per row.
    std::string organization;
    std::string role;
    for (const model::Affiliation& a : e.affiliations) {
      if (organization.empty() || a.current) {
        organization = organization_names[a.organization_id];
        role = a.title;
      }
      if (a.current) break;
    }
    const bool vietnamese = !e.bio.vi.empty();
    rows.push_back({std::to_string(e.id), e.full_name, e.orcid, e.email, e.country, organization,
                    role, Join(e.skills), vietnamese ? e.bio.vi : e.bio.en,
                    vietnamese ? "vi" : (e.bio.en.empty() ? "" : "en"), e.city,
                    std::string(model::ToName(e.background)), vietnamese ? e.bio.en : ""});
  }
  return import::WriteCsv(
      {"key", "full_name", "orcid", "email", "country", "organization", "role", "keywords",
       "biography", "biography_language", "city", "background", "biography_en"},
      rows);
}

base::Result<std::string> ExportWorks(Catalog& catalog, ExportFormat format) {
  ASSIGN_OR_RETURN(std::vector<model::Work> works, ListAll<model::Work>(catalog, {}));
  if (format == ExportFormat::kJson) return JsonArray(works);
  std::vector<std::vector<std::string>> rows;
  for (const model::Work& w : works) {
    std::vector<std::string> authors;
    std::string expert_key;
    for (const model::WorkAuthor& a : w.authors) {
      authors.push_back(a.name);
      if (expert_key.empty() && a.expert_id != 0) expert_key = std::to_string(a.expert_id);
    }
    rows.push_back({std::to_string(w.id), expert_key, std::string(model::ToName(w.kind)), w.title,
                    w.abstract, w.year == 0 ? "" : std::to_string(w.year), w.venue, w.language,
                    w.doi, w.url, Join(w.keywords), Join(authors)});
  }
  return import::WriteCsv({"key", "expert_key", "kind", "title", "abstract", "year", "venue",
                           "language", "doi", "url", "keywords", "authors"},
                          rows);
}

}  // namespace ketnoi::service
