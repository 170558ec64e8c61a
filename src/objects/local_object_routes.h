#pragma once
// The HTTP side of the embedded object store, for `formsender serve`:
//
//   Router router;
//   objects::RegisterObjectRoutes(router, *local_store);   // GET and HEAD /objects/<key>
//
// 200 with the object (Content-Type from the key, Cache-Control: no-store); 403 for a missing,
// tampered or expired signature; 404 when the signed object does not exist (any more); 400 for
// a path that is not an object key. Bodies of errors are {"detail": "..."} like the dispatcher's.

#include "common/http.h"
#include "common/http_router.h"
#include "objects/local_object_store.h"

namespace formsender::objects {

// The handler alone (for servers that route themselves). `store` must outlive it.
HttpHandler MakeObjectHandler(LocalObjectStore& store);

// Adds GET (and so HEAD) "/objects/" to `router`.
void RegisterObjectRoutes(Router& router, LocalObjectStore& store);

}  // namespace formsender::objects
