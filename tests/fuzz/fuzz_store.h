// A small store for the fuzz targets that query one: two coded articles in a
// fresh temporary directory, removed at exit.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"

namespace dyad::fuzz {

inline constexpr const char* kFastSpec = "clean;tokenize;lemma;time;actors;events";

// Returns the path of the store, made on first call.
inline const std::string& FuzzStorePath() {
  static const std::string path = [] {
    char tmpl[] = "/tmp/dyad_fuzz_store_XXXXXX";
    const char* dir = mkdtemp(tmpl);
    if (dir == nullptr) __builtin_trap();
    static std::string keep = dir;
    atexit([] { std::filesystem::remove_all(keep); });
    std::string db = keep + "/fuzz.db";
    auto store = Store::Open(db);
    auto pipeline = Pipeline::Build(kFastSpec, DYAD_SOURCE_DIR "/data");
    if (!store.ok() || !pipeline.ok()) __builtin_trap();
    PipelineScratch scratch = pipeline->NewScratch();
    const char* texts[][3] = {
        {"iq", "2024-01-27",
         "Iraq accused the United States of violating its sovereignty on Saturday, January 27, 2024. "
         "American officials held talks with the Iraqi government in Baghdad."},
        {"gr", "2024-03-11", "Greece accused Turkey of violating its airspace on Monday, March 11, 2024."}};
    std::vector<Document> docs;
    for (auto& t : texts) {
      auto d = DocumentFromText(t[2], t[0], ReadOptions{});
      if (!d.ok()) __builtin_trap();
      d->id = t[0];
      d->date = t[1];
      d->site = "Fuzz Site";
      if (!pipeline->Run(*d, scratch).ok()) __builtin_trap();
      docs.push_back(std::move(*d));
    }
    if (!(*store)->PutDocuments({&docs[0], &docs[1]}).ok()) __builtin_trap();
    return db;
  }();
  return path;
}

}  // namespace dyad::fuzz
