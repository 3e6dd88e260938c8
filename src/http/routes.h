// The JSON API under /api/v1: CRUD and list routes for every entity, chapter memberships,
// health and the OpenAPI document. Each handler maps the request to a Catalog call and
// the result (or Status) back to JSON; no handler touches storage.
#pragma once

#include <string>

#include "http/router.h"
#include "service/catalog.h"
#include "service/matching.h"

namespace ketnoi::http {

// REQUIRES: catalog and matching outlive the router's use.
void AddApiRoutes(Router* router, service::Catalog* catalog, service::Matching* matching,
                  const std::string& version);

}  // namespace ketnoi::http
