// The JSON API under /api/v1: CRUD and list routes for every entity, chapter memberships,
// matching, imports of experts' files and the identity review queue, health and the
// OpenAPI document. Each handler maps the request to one service call (Catalog, Matching,
// Importer) and the result (or Status) back to JSON; no handler touches storage.
#pragma once

#include <string>

#include "http/router.h"
#include "service/catalog.h"
#include "service/importer.h"
#include "service/matching.h"

namespace ketnoi::http {

// REQUIRES: catalog, matching and importer outlive the router's use. The import routes
// run one import (or review decision) at a time through `importer`, as it requires.
void AddApiRoutes(Router* router, service::Catalog* catalog, service::Matching* matching,
                  service::Importer* importer, const std::string& version);

}  // namespace ketnoi::http
