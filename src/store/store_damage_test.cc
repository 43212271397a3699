// A damaged store is refused before anything is written (issue 14, finding 9):
// ten kinds of damage, each checked to leave the file's bytes as they were.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstring>

#include "store/store_test_util.h"

namespace dyad {
namespace {

using namespace store_testing;

// A store of 60 articles (about 480 events) built once: big enough that every
// table and index has leaf pages in the middle of the file that a new run's
// inserts would not touch.
class StoreDamageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("damage");
    template_ = dir_->File("template.db");
    auto store = Store::Open(template_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::vector<Document> docs = CodedSynthetic(60);
    for (size_t i = 0; i < docs.size(); i += 10) {
      std::vector<const Document*> batch;
      for (size_t k = i; k < i + 10 && k < docs.size(); ++k) batch.push_back(&docs[k]);
      ASSERT_TRUE((*store)->PutDocuments(batch).ok());
    }
    store->reset();  // the last connection folds the write-ahead log into the file
    ASSERT_FALSE(fs::exists(template_ + "-wal"));
    ASSERT_EQ(IntegrityCheck(template_), "ok");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // Leaf pages of a table or index, in page order (SQLite's dbstat table).
  static std::vector<uint32_t> LeafPages(const std::string& db, const std::string& name) {
    std::vector<uint32_t> pages;
    sqlite3* h = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(h, "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                                 -1, &s, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(s, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(s) == SQLITE_ROW) pages.push_back(static_cast<uint32_t>(sqlite3_column_int64(s, 0)));
    sqlite3_finalize(s);
    sqlite3_close(h);
    return pages;
  }

  static inline ScratchDir* dir_ = nullptr;
  static inline std::string template_;
};

constexpr size_t kPage = 4096;

void Garble(std::string& bytes, uint32_t page) {
  size_t begin = (page - 1) * kPage;
  ASSERT_LE(begin + kPage, bytes.size());
  for (size_t i = begin + 8; i < begin + kPage; i += 7) bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
}

void PutU32(std::string& bytes, size_t at, uint32_t v) {
  for (int k = 0; k < 4; ++k) bytes[at + k] = static_cast<char>(v >> (24 - 8 * k));
}
uint32_t GetU32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (int k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(bytes[at + k]);
  return v;
}

// The WAL checksum (sqlite.org/fileformat2.html#walformat): over 32-bit words
// in the byte order the header's magic names.
void WalChecksum(const std::string& b, size_t at, size_t n, bool big_endian, uint32_t& s0, uint32_t& s1) {
  auto word = [&](size_t i) {
    const auto* p = reinterpret_cast<const unsigned char*>(b.data() + i);
    return big_endian ? (uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3])
                      : (uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]);
  };
  for (size_t i = at; i < at + n; i += 8) {
    s0 += word(i) + s1;
    s1 += word(i + 4) + s0;
  }
}

void Exec(const std::string& db, const char* sql, bool keep_wal = false) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  if (keep_wal) sqlite3_db_config(h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  sqlite3_close(h);
}

enum class Damage {
  kTruncated,       // the last third of the file lost (a partial copy, a full disk)
  kZeroedHeader,    // the 100-byte database header zeroed
  kTablePage,       // a leaf page of `documents` in the middle of the file garbled
  kIndexPage,       // a leaf page of the events_dyad index garbled
  kSwappedPages,    // two leaf pages of `events` swapped (a misdirected write)
  kFreelist,        // the free list's trunk pointing at a page in use
  kBadWal,          // a committed transaction in -wal (valid checksums) carrying a garbled page
  kNewerSchema,     // schema_version from a newer dyad
  kSchemaMismatch,  // schema_version 1 but the events table gone
  kNotSqlite,       // a text file where the store should be
};

const char* Name(Damage d) {
  switch (d) {
    case Damage::kTruncated: return "truncated";
    case Damage::kZeroedHeader: return "zeroed_header";
    case Damage::kTablePage: return "table_page";
    case Damage::kIndexPage: return "index_page";
    case Damage::kSwappedPages: return "swapped_pages";
    case Damage::kFreelist: return "freelist";
    case Damage::kBadWal: return "bad_wal";
    case Damage::kNewerSchema: return "newer_schema";
    case Damage::kSchemaMismatch: return "schema_mismatch";
    case Damage::kNotSqlite: return "not_sqlite";
  }
  return "?";
}

const Damage kAllDamage[] = {Damage::kTruncated,   Damage::kZeroedHeader,  Damage::kTablePage,
                             Damage::kIndexPage,   Damage::kSwappedPages,  Damage::kFreelist,
                             Damage::kBadWal,      Damage::kNewerSchema,   Damage::kSchemaMismatch,
                             Damage::kNotSqlite};

// Damages a copy of the template at `db`.
// `leaves_of(name)` lists the template's leaf pages of a table or index.
void Apply(Damage d, const std::string& templ, const std::string& db,
           const std::function<std::vector<uint32_t>(const std::string&)>& leaves_of) {
  CopyStore(templ, db);
  std::string bytes = Slurp(db);
  switch (d) {
    case Damage::kTruncated: bytes.resize(bytes.size() * 2 / 3 + 100); break;
    case Damage::kZeroedHeader: std::memset(bytes.data(), 0, 100); break;
    case Damage::kTablePage: {
      auto pages = leaves_of("documents");
      ASSERT_GE(pages.size(), 4u);
      Garble(bytes, pages[pages.size() / 2]);
      break;
    }
    case Damage::kIndexPage: {
      auto pages = leaves_of("events_dyad");
      ASSERT_GE(pages.size(), 3u);
      Garble(bytes, pages[pages.size() / 2]);
      break;
    }
    case Damage::kSwappedPages: {
      auto pages = leaves_of("events");
      ASSERT_GE(pages.size(), 8u);
      uint32_t a = pages[pages.size() / 2], b = pages[pages.size() / 2 - 3];
      std::string pa = bytes.substr((a - 1) * kPage, kPage), pb = bytes.substr((b - 1) * kPage, kPage);
      bytes.replace((a - 1) * kPage, kPage, pb);
      bytes.replace((b - 1) * kPage, kPage, pa);
      break;
    }
    case Damage::kFreelist: {
      auto pages = leaves_of("events");
      PutU32(bytes, 32, pages[pages.size() / 2]);  // first trunk page
      PutU32(bytes, 36, 1);                        // free page count
      break;
    }
    case Damage::kBadWal: {
      // A transaction committed but not yet folded into the file, as a killed
      // run leaves it; then one of its frames garbled, checksums made valid
      // again, so SQLite replays it as good.
      Exec(db, "PRAGMA wal_autocheckpoint=0; UPDATE documents SET title = title || ' (updated)' WHERE num % 4 = 0",
           /*keep_wal=*/true);
      std::string wal = Slurp(db + "-wal");
      ASSERT_GT(wal.size(), 32 + 4 * (24 + kPage));
      bool big = (GetU32(wal, 0) & 1) != 0;
      uint32_t s0 = 0, s1 = 0;
      WalChecksum(wal, 0, 24, big, s0, s1);
      ASSERT_EQ(s0, GetU32(wal, 24));
      size_t frames = (wal.size() - 32) / (24 + kPage);
      for (size_t f = 0; f < frames; ++f) {
        size_t at = 32 + f * (24 + kPage);
        if (f == frames / 2)
          for (size_t i = at + 24 + 8; i < at + 24 + kPage; i += 7) wal[i] = static_cast<char>(wal[i] ^ 0x5A);
        WalChecksum(wal, at, 8, big, s0, s1);
        WalChecksum(wal, at + 24, kPage, big, s0, s1);
        PutU32(wal, at + 16, s0);
        PutU32(wal, at + 20, s1);
      }
      Spit(db + "-wal", wal);
      fs::remove(db + "-shm");
      return;
    }
    case Damage::kNewerSchema:
      Exec(db, "INSERT INTO schema_version VALUES (99, 'from a future dyad', '2030-01-01T00:00:00Z')");
      return;
    case Damage::kSchemaMismatch:
      Exec(db, "DROP VIEW event_groups; DROP TABLE events");
      return;
    case Damage::kNotSqlite:
      bytes.clear();
      for (int i = 0; i < 2000; ++i) bytes += "this is not a database " + std::to_string(i) + "\n";
      break;
  }
  Spit(db, bytes);
}

// Regression (finding 9): before the check, table_page, index_page and
// swapped_pages were written into with exit status 0, and bad_wal was folded
// into the file while being refused.
TEST_F(StoreDamageTest, EveryKindOfDamageIsRefusedWithNothingWritten) {
  auto leaves = [&](const std::string& name) { return LeafPages(template_, name); };
  const std::vector<Document>& samples = CodedSamples();
  int refused = 0;
  for (Damage d : kAllDamage) {
    SCOPED_TRACE(Name(d));
    std::string db = dir_->File(std::string(Name(d)) + ".db");
    Apply(d, template_, db, leaves);
    if (d != Damage::kNewerSchema && d != Damage::kSchemaMismatch && d != Damage::kNotSqlite)
      EXPECT_NE(IntegrityCheck(db), "ok") << "the damage is not damage";
    const std::string before = Slurp(db);
    const bool had_wal = fs::exists(db + "-wal");
    const std::string wal_before = had_wal ? Slurp(db + "-wal") : "";

    Status status;
    {
      auto store = Store::Open(db);
      if (store.ok()) {
        // Not refused at open: what a run would do next.
        auto run = RunIngest(ReplayPipeline(), **store, Replay(samples), IngestOptions{});
        status = run.ok() ? Status::Ok() : run.status();
      } else {
        status = store.status();
      }
    }
    EXPECT_FALSE(status.ok()) << "a damaged store was written into";
    if (status.ok()) continue;
    ++refused;
    EXPECT_TRUE(status.code() == StatusCode::kDataLoss || status.code() == StatusCode::kFailedPrecondition)
        << status.ToString();
    EXPECT_NE(status.message().find(db), std::string::npos) << "the error names the file: " << status.message();
    EXPECT_NE(status.message().find(d == Damage::kNewerSchema ? "newer" : "nothing was written"), std::string::npos)
        << status.message();
    EXPECT_TRUE(Slurp(db) == before) << "the refused run changed the file";
    if (had_wal) EXPECT_TRUE(Slurp(db + "-wal") == wal_before) << "the refused run changed -wal";
    else if (fs::exists(db + "-wal")) EXPECT_EQ(fs::file_size(db + "-wal"), 0u);
  }
  EXPECT_EQ(refused, 10);
}

// A pending, valid write-ahead log (what a killed run leaves) is not damage:
// the writer opens it, folds it in, and goes on.
TEST_F(StoreDamageTest, ValidPendingWalIsAccepted) {
  std::string db = dir_->File("pending.db");
  CopyStore(template_, db);
  Exec(db, "PRAGMA wal_autocheckpoint=0; UPDATE documents SET title = title || ' (updated)' WHERE num % 4 = 0",
       /*keep_wal=*/true);
  ASSERT_GT(fs::file_size(db + "-wal"), 0u);
  auto store = Store::Open(db);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto run = RunIngest(ReplayPipeline(), **store, Replay(CodedSamples()), IngestOptions{});
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->written, 4);
  store->reset();
  EXPECT_EQ(IntegrityCheck(db), "ok");
  EXPECT_EQ(DumpByDocument(db).size(), 64u);
}

// Readers never check nor write: a damaged store still answers what it can.
TEST_F(StoreDamageTest, ReadersDoNotRunTheCheck) {
  std::string db = dir_->File("reader.db");
  auto leaves = [&](const std::string& name) { return LeafPages(template_, name); };
  Apply(Damage::kIndexPage, template_, db, leaves);
  const std::string before = Slurp(db);
  StoreOptions ro;
  ro.read_only = true;
  auto store = Store::Open(db, ro);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  int64_t documents = 0;
  EXPECT_TRUE((*store)->ForEachDocumentKey([&](const std::string&, const std::string&) { ++documents; }).ok());
  EXPECT_EQ(documents, 60);  // the documents table is intact; only an events index is damaged
  store->reset();
  EXPECT_TRUE(Slurp(db) == before);
  StoreOptions none;
  none.check = StoreOptions::Check::kNone;
  // Without the check a writer opens it (the option exists for stores checked otherwise).
  EXPECT_TRUE(Store::Open(db, none).ok());
}

// `dyad ingest` end to end: exit status 1, the file named, its bytes kept.
TEST_F(StoreDamageTest, IngestCommandRefusesADamagedStore) {
  std::string db = dir_->File("cli.db");
  auto leaves = [&](const std::string& name) { return LeafPages(template_, name); };
  Apply(Damage::kTablePage, template_, db, leaves);
  const std::string before = Slurp(db);
  std::string cmd = std::string(DYAD_BINARY) + " ingest -q --db '" + db + "' '" DYAD_SOURCE_DIR "/samples' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << out;
  EXPECT_NE(out.find(db + ": the store is damaged (quick_check found:"), std::string::npos) << out;
  EXPECT_NE(out.find("nothing was written"), std::string::npos) << out;
  EXPECT_TRUE(Slurp(db) == before);
}

}  // namespace
}  // namespace dyad
