// Export of the registry's experts and works, as CSV (for spreadsheets: UTF-8 with a BOM,
// formulas escaped) or as JSON (an array of the API's entity objects).
//
// The CSV columns carry the names the CSV importer reads (import/csv/csv.h): a works export
// imports back as it is, an experts export with its main fields (key, full_name, orcid,
// email, country, organization, role, keywords, biography).
//
// Thread safety: as the Catalog.
#pragma once

#include <string>

#include "base/result.h"
#include "service/catalog.h"

namespace ketnoi::service {

enum class ExportFormat { kCsv, kJson };

// Errors: those of the store.
base::Result<std::string> ExportExperts(Catalog& catalog, ExportFormat format);
base::Result<std::string> ExportWorks(Catalog& catalog, ExportFormat format);

}  // namespace ketnoi::service
