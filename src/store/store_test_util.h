// Helpers of the store's damage, read-only and fault tests: coded documents
// made once, a pipeline that only replays them, and dumps of a store file
// that compare runs row by row (without row ids and timestamps).
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"

namespace dyad::store_testing {

namespace fs = std::filesystem;

// A fresh directory, removed with its contents. `prefer_memory` puts it in
// /dev/shm when there is one (the fault sweep opens hundreds of stores; fsync
// there costs nothing, and a failed fsync is what it injects anyway).
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag, bool prefer_memory = false) {
    fs::path base = fs::temp_directory_path();
    std::error_code ec;
    if (prefer_memory && fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0) base = "/dev/shm";
    static int counter = 0;
    path_ = base / ("dyad_" + tag + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_, ec);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void Spit(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Removes a store and its -wal and -shm files.
inline void RemoveStore(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

inline void CopyStore(const std::string& from, const std::string& to) {
  RemoveStore(to);
  for (const char* suffix : {"", "-wal"})
    if (fs::exists(from + suffix)) fs::copy_file(from + suffix, to + suffix);
}

// The pipeline of the store, built once.
inline const Pipeline& StorePipeline() {
  static const Pipeline* p = [] {
    auto built = Pipeline::Build(StorePipelineSpec("", false), DYAD_SOURCE_DIR "/data");
    if (!built.ok()) std::abort();
    return new Pipeline(std::move(*built));
  }();
  return *p;
}

// A stage that does nothing: documents handed to RunIngest already carry
// their annotations, so a sweep of hundreds of runs spends its time in the
// store, not in the coder.
class ReplayStage : public Stage {
 public:
  std::string_view name() const override { return "replay"; }
  Annotations required() const override { return 0; }
  Annotations assigned() const override { return 0; }
  Status Process(Document&, StageScratch*) const override { return Status::Ok(); }
};

inline const Pipeline& ReplayPipeline() {
  static const Pipeline* p = [] {
    static StageRegistry registry;
    registry.Register("replay", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
      return std::unique_ptr<Stage>(new ReplayStage());
    });
    auto built = Pipeline::Build("replay", "", registry);
    if (!built.ok()) std::abort();
    return new Pipeline(std::move(*built));
  }();
  return *p;
}

inline std::vector<Document> CodeAll(std::vector<Document> docs) {
  PipelineScratch scratch = StorePipeline().NewScratch();
  for (Document& d : docs)
    if (!StorePipeline().Run(d, scratch).ok()) std::abort();
  return docs;
}

// The articles of samples/ (4 documents, 42 events), read as `dyad ingest
// samples/` reads them, and coded once.
inline const std::vector<Document>& CodedSamples() {
  static const std::vector<Document>* docs = [] {
    std::vector<Document> read;
    ReadInputs({DYAD_SOURCE_DIR "/samples"}, ReadOptions{}, [&](const std::string&, Result<Document> d) {
      if (d.ok()) read.push_back(std::move(*d));
    });
    return new std::vector<Document>(CodeAll(std::move(read)));
  }();
  return *docs;
}

// `n` short synthetic news articles (distinct ids and contents), not coded.
inline std::vector<Document> SyntheticArticles(int n) {
  static const char* kActors[] = {"Iraq", "the United States", "Iran", "Turkey", "Greece", "Russia", "Ukraine",
                                  "China", "Japan", "France", "the Iraqi government", "Egyptian officials"};
  static const char* kVerbs[] = {"accused {b} of violating the ceasefire", "held talks with {b}",
                                 "praised {b} for its restraint", "condemned {b} for the strikes",
                                 "sent aid to {b}", "threatened {b} with sanctions", "met with {b} in Geneva"};
  unsigned seed = 11;
  auto next = [&](unsigned m) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % m;
  };
  std::vector<Document> docs;
  for (int i = 0; i < n; ++i) {
    std::string text;
    for (int k = 0; k < 8; ++k) {
      std::string a = kActors[next(12)], b = kActors[next(12)];
      if (a == b) b = "the Arab League";
      std::string v = kVerbs[next(7)];
      v.replace(v.find("{b}"), 3, b);
      std::string s = a + " " + v + " on Monday, March " + std::to_string(1 + next(28)) + ", 2024. ";
      s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
      text += s;
    }
    text += "Members of the Harbour Workers Union gathered outside. Report " + std::to_string(i) + ".";
    auto doc = DocumentFromText(text, "synthetic-" + std::to_string(i), ReadOptions{});
    if (!doc.ok()) std::abort();
    doc->id = "synthetic-" + std::to_string(i);
    doc->date = "2024-03-20";
    docs.push_back(std::move(*doc));
  }
  return docs;
}

inline std::vector<Document> CodedSynthetic(int n) { return CodeAll(SyntheticArticles(n)); }

// A producer for RunIngest handing out copies of already coded documents.
inline DocumentProducer Replay(const std::vector<Document>& docs) {
  return [&docs](const std::function<void(const std::string&, Result<Document>)>& emit) {
    for (const Document& d : docs) emit(d.id, Document(d));
  };
}

// Every row of the tables that matter, per document, without autoincrement
// ids and timestamps. Opened read-only; an empty map when it cannot be read.
inline std::map<std::string, std::string> DumpByDocument(const std::string& db, std::string* error = nullptr) {
  std::map<std::string, std::string> out;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    if (error) *error = h ? sqlite3_errmsg(h) : "cannot open";
    sqlite3_close(h);
    return out;
  }
  for (const char* sql :
       {"SELECT id, content_hash, url, title, published, text, raw, num_events FROM documents",
        "SELECT doc_id, idx, span_begin, span_end FROM sentences ORDER BY doc_id, idx",
        "SELECT doc_id, sentence, kind, span_begin, span_end, text, code, entry, detail FROM mentions "
        "ORDER BY doc_id, id",
        "SELECT doc_id, seq, sentence, date, source_code, target_code, cameo, plover, polarity, modality, "
        "trigger_begin, goldstein, pattern_id, confidence FROM events ORDER BY doc_id, seq",
        "SELECT doc_id, name, span_begin, span_end FROM unknown_actors ORDER BY doc_id, id",
        // The full-text index must find every document by its text.
        "SELECT d.id, 'fts' FROM documents_fts f JOIN documents d ON d.num = f.rowid WHERE documents_fts MATCH "
        "'\"Report\" OR \"talks\" OR \"said\"' ORDER BY d.id"}) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, sql, -1, &s, nullptr) != SQLITE_OK) {
      if (error) *error = sqlite3_errmsg(h);
      sqlite3_finalize(s);
      out.clear();
      break;
    }
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      std::string row;
      for (int c = 1; c < sqlite3_column_count(s); ++c) {
        const unsigned char* t = sqlite3_column_text(s, c);
        row += t ? reinterpret_cast<const char*>(t) : "NULL";
        row += '|';
      }
      const unsigned char* id = sqlite3_column_text(s, 0);
      out[id ? reinterpret_cast<const char*>(id) : ""] += row + '\n';
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
      if (error) *error = sqlite3_errmsg(h);
      out.clear();
      break;
    }
  }
  sqlite3_close(h);
  return out;
}

// FNV-1a over the sorted dump: "the hash of the sorted export".
inline std::string DumpHash(const std::map<std::string, std::string>& dump) {
  std::string all;
  for (const auto& [id, rows] : dump) all += id + "\n" + rows;
  return ContentHash(all);
}

// PRAGMA integrity_check through a read-only connection: "ok" or the problems.
inline std::string IntegrityCheck(const std::string& db) {
  sqlite3* h = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    out = h ? sqlite3_errmsg(h) : "cannot open";
  } else {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, nullptr) != SQLITE_OK) {
      out = sqlite3_errmsg(h);
    } else {
      int rc;
      while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        out += (out.empty() ? "" : "; ") + std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
      if (rc != SQLITE_DONE) out += (out.empty() ? "" : "; ") + std::string(sqlite3_errmsg(h));
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return out;
}

}  // namespace dyad::store_testing
