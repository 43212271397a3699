// Fault injection in the LevelDB/SQLite spirit: a VFS shim wrapping the
// default one fails the Nth write, sync or truncate of an ingest (once, for
// good as a full disk does, or as a short write). After each failure the
// store must hold only whole committed batches (integrity_check ok, every
// stored document equal to a clean run's), and a plain re-run must end equal
// to a clean ingest. Issue 14.
//
// The suite sweeps a representative subset of the failure points; with
// DYAD_FAULT_SWEEP=full it sweeps every one (bench/store_fault_sweep.sh).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "store/store_test_util.h"

namespace dyad {
namespace {

using namespace store_testing;

enum class Op { kWrite, kSync, kTruncate };
enum class Mode {
  kOnce,        // that call fails with an I/O error; later calls succeed (a transient error)
  kPersistent,  // that call and every write, sync and truncate after it fail (a disk that filled up)
  kShortWrite,  // that write stores half its bytes and reports SQLITE_FULL, as write(2) on a full disk
};

const char* Name(Op op) { return op == Op::kWrite ? "write" : op == Op::kSync ? "sync" : "truncate"; }
const char* Name(Mode m) { return m == Mode::kOnce ? "once" : m == Mode::kPersistent ? "persistent" : "short"; }

// The shim. Installed as the default VFS for the life of the object, so
// Store::Open uses it without knowing; forwards everything to the VFS that
// was the default before.
class FaultVfs {
 public:
  FaultVfs() {
    base_ = sqlite3_vfs_find(nullptr);
    vfs_ = *base_;
    vfs_.zName = "dyad-fault";
    vfs_.szOsFile = static_cast<int>(sizeof(File)) + base_->szOsFile;
    vfs_.pNext = nullptr;
    vfs_.xOpen = &FaultVfs::Open;
    methods_ = {};
    methods_.iVersion = 3;
    methods_.xClose = [](sqlite3_file* f) {
      sqlite3_file* real = Real(f);
      int rc = real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
      f->pMethods = nullptr;
      return rc;
    };
    methods_.xRead = [](sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
      return Real(f)->pMethods->xRead(Real(f), buf, n, off);
    };
    methods_.xWrite = [](sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
      switch (instance_->Decide(Op::kWrite)) {
        case Verdict::kPass: return Real(f)->pMethods->xWrite(Real(f), buf, n, off);
        case Verdict::kFail: return SQLITE_IOERR_WRITE;
        case Verdict::kFull: return SQLITE_FULL;
        case Verdict::kShort:
          (void)Real(f)->pMethods->xWrite(Real(f), buf, n / 2, off);
          return SQLITE_FULL;
      }
      return SQLITE_IOERR_WRITE;
    };
    methods_.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) {
      if (instance_->Decide(Op::kTruncate) != Verdict::kPass) return SQLITE_IOERR_TRUNCATE;
      return Real(f)->pMethods->xTruncate(Real(f), size);
    };
    methods_.xSync = [](sqlite3_file* f, int flags) {
      if (instance_->Decide(Op::kSync) != Verdict::kPass) return SQLITE_IOERR_FSYNC;
      return Real(f)->pMethods->xSync(Real(f), flags);
    };
    methods_.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) { return Real(f)->pMethods->xFileSize(Real(f), size); };
    methods_.xLock = [](sqlite3_file* f, int l) { return Real(f)->pMethods->xLock(Real(f), l); };
    methods_.xUnlock = [](sqlite3_file* f, int l) { return Real(f)->pMethods->xUnlock(Real(f), l); };
    methods_.xCheckReservedLock = [](sqlite3_file* f, int* out) {
      return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
    };
    methods_.xFileControl = [](sqlite3_file* f, int op, void* arg) {
      return Real(f)->pMethods->xFileControl(Real(f), op, arg);
    };
    methods_.xSectorSize = [](sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); };
    methods_.xDeviceCharacteristics = [](sqlite3_file* f) {
      return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
    };
    methods_.xShmMap = [](sqlite3_file* f, int pg, int sz, int extend, void volatile** p) {
      return Real(f)->pMethods->xShmMap(Real(f), pg, sz, extend, p);
    };
    methods_.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
      return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
    };
    methods_.xShmBarrier = [](sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); };
    methods_.xShmUnmap = [](sqlite3_file* f, int del) { return Real(f)->pMethods->xShmUnmap(Real(f), del); };
    methods_.xFetch = [](sqlite3_file* f, sqlite3_int64 off, int n, void** p) {
      return Real(f)->pMethods->xFetch(Real(f), off, n, p);
    };
    methods_.xUnfetch = [](sqlite3_file* f, sqlite3_int64 off, void* p) {
      return Real(f)->pMethods->xUnfetch(Real(f), off, p);
    };
    instance_ = this;
    EXPECT_EQ(sqlite3_vfs_register(&vfs_, /*makeDflt=*/1), SQLITE_OK);
  }
  ~FaultVfs() {
    sqlite3_vfs_unregister(&vfs_);
    sqlite3_vfs_register(base_, 1);
    instance_ = nullptr;
  }
  FaultVfs(const FaultVfs&) = delete;

  // Counts from zero; fails the n-th (1-based) call of `op` as `mode` says.
  void Arm(Op op, int64_t n, Mode mode) {
    Reset();
    op_ = op;
    n_ = n;
    mode_ = mode;
    armed_ = true;
  }
  // Counts only.
  void Reset() {
    armed_ = false;
    failing_ = false;
    fired_ = false;
    for (auto& c : counts_) c = 0;
  }
  int64_t count(Op op) const { return counts_[static_cast<int>(op)]; }
  bool fired() const { return fired_; }

 private:
  struct File {
    sqlite3_file base;  // pMethods = &methods_
    sqlite3_file* real;
  };
  enum class Verdict { kPass, kFail, kFull, kShort };

  static sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

  static int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    File* file = reinterpret_cast<File*>(f);
    file->real = reinterpret_cast<sqlite3_file*>(file + 1);
    std::memset(file->real, 0, static_cast<size_t>(instance_->base_->szOsFile));
    int rc = instance_->base_->xOpen(instance_->base_, name, file->real, flags, out_flags);
    // SQLite reads pMethods whether or not the open succeeded.
    file->base.pMethods = file->real->pMethods ? &instance_->methods_ : nullptr;
    return rc;
  }

  // Called from the ingest's writer thread and the test's thread, one at a time.
  Verdict Decide(Op op) {
    int64_t k = ++counts_[static_cast<int>(op)];
    if (failing_) return op == Op::kWrite ? Verdict::kFull : Verdict::kFail;
    if (!armed_ || op != op_ || k != n_) return Verdict::kPass;
    fired_ = true;
    switch (mode_) {
      case Mode::kOnce: return Verdict::kFail;
      case Mode::kPersistent:
        failing_ = true;
        return op == Op::kWrite ? Verdict::kFull : Verdict::kFail;
      case Mode::kShortWrite: return op == Op::kWrite ? Verdict::kShort : Verdict::kFail;
    }
    return Verdict::kFail;
  }

  static inline FaultVfs* instance_ = nullptr;
  sqlite3_vfs* base_ = nullptr;
  sqlite3_vfs vfs_{};
  sqlite3_io_methods methods_{};
  std::atomic<bool> armed_{false}, failing_{false}, fired_{false};
  std::atomic<int64_t> counts_[3] = {0, 0, 0};
  Op op_ = Op::kWrite;
  int64_t n_ = 0;
  Mode mode_ = Mode::kOnce;
};

// Runs SQL on a read-write connection (which rolls back a hot journal and
// recovers a write-ahead log, as any writer's first read does).
void Exec(const std::string& db, const char* sql) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(h, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
  sqlite3_close(h);
}

// One ingest run as `dyad ingest` makes it: open (check, create or migrate),
// RunIngest with one transaction per document, close (checkpoint).
Status IngestRun(const std::string& db, const std::vector<Document>& docs) {
  auto store = Store::Open(db);
  if (!store.ok()) return store.status();
  IngestOptions options;
  options.batch_documents = 1;
  auto run = RunIngest(ReplayPipeline(), **store, Replay(docs), options);
  return run.ok() ? Status::Ok() : run.status();
}

struct Point {
  Op op;
  int64_t n;
  Mode mode;
};

struct SweepResult {
  int points = 0;
  int fired = 0;          // failure points the run actually reached
  int failed_runs = 0;    // runs that reported an error
  std::vector<std::string> mismatches;
};

// Sweeps `points` for one starting state (`seed` documents already stored).
SweepResult Sweep(FaultVfs& vfs, const ScratchDir& dir, const std::vector<Document>& docs, size_t seed,
                  const std::vector<Point>& points, const std::map<std::string, std::string>& clean) {
  SweepResult r;
  std::string start = dir.File("start.db"), db = dir.File("faulty.db");
  RemoveStore(start);
  if (seed > 0) {
    std::vector<Document> first(docs.begin(), docs.begin() + static_cast<long>(seed));
    EXPECT_TRUE(IngestRun(start, first).ok());
  }
  for (const Point& p : points) {
    ++r.points;
    std::string label = std::string(Name(p.op)) + " #" + std::to_string(p.n) + " " + Name(p.mode) +
                        " (from " + std::to_string(seed) + " stored)";
    RemoveStore(db);
    if (seed > 0) CopyStore(start, db);
    vfs.Arm(p.op, p.n, p.mode);
    Status first = IngestRun(db, docs);
    if (vfs.fired()) ++r.fired;
    vfs.Reset();
    if (!first.ok()) ++r.failed_runs;
    // What the failed run left: only whole committed documents, each as a clean run stores it.
    // Read from a copy, as the next writer will see it (a hot rollback journal
    // rolled back, a write-ahead log recovered) without touching the files.
    if (fs::exists(db) && fs::file_size(db) > 0) {
      std::string copy = dir.File("after.db");
      RemoveStore(copy);
      for (const char* suffix : {"", "-wal", "-journal"})
        if (fs::exists(db + suffix)) fs::copy_file(db + suffix, copy + suffix);
      Exec(copy, "SELECT count(*) FROM sqlite_master");
      std::string ic = IntegrityCheck(copy);
      if (ic != "ok") r.mismatches.push_back(label + ": after the failed run, integrity_check: " + ic);
      std::string error;
      auto partial = DumpByDocument(copy, &error);
      if (!error.empty() && error.find("no such table") == std::string::npos)
        r.mismatches.push_back(label + ": after the failed run, unreadable: " + error);
      if (partial.size() < seed) r.mismatches.push_back(label + ": committed documents lost");
      for (const auto& [id, rows] : partial) {
        auto it = clean.find(id);
        if (it == clean.end() || it->second != rows) {
          r.mismatches.push_back(label + ": after the failed run, document " + id + " differs from a clean run");
          break;
        }
      }
    }
    // The same command again, with a healthy disk.
    Status second = IngestRun(db, docs);
    if (!second.ok()) {
      r.mismatches.push_back(label + ": the re-run failed: " + second.ToString() +
                             (first.ok() ? "" : " (first run: " + first.ToString() + ")"));
      continue;
    }
    std::string ic = IntegrityCheck(db);
    if (ic != "ok") r.mismatches.push_back(label + ": after the re-run, integrity_check: " + ic);
    auto dump = DumpByDocument(db);
    if (DumpHash(dump) != DumpHash(clean))
      r.mismatches.push_back(label + ": after the re-run, " + std::to_string(dump.size()) +
                             " documents, the export differs from a clean ingest");
  }
  return r;
}

bool FullSweep() {
  const char* env = std::getenv("DYAD_FAULT_SWEEP");
  return env && std::string(env) == "full";
}

TEST(StoreFaultTest, EveryFailedWriteOrSyncResumesToTheCleanResult) {
  const std::vector<Document>& docs = CodedSamples();
  ASSERT_EQ(docs.size(), 4u);
  ScratchDir dir("fault", /*prefer_memory=*/true);
  std::string clean_db = dir.File("clean.db");
  ASSERT_TRUE(IngestRun(clean_db, docs).ok());
  auto clean = DumpByDocument(clean_db);
  ASSERT_EQ(clean.size(), 4u);
  ASSERT_EQ(IntegrityCheck(clean_db), "ok");

  FaultVfs vfs;
  // Census: how many writes, syncs and truncates a clean run makes, from an
  // empty store and from one holding the first two documents.
  int total_points = 0, total_fired = 0, total_failed = 0;
  std::vector<std::string> mismatches;
  const bool full = FullSweep();
  for (size_t seed : {size_t{0}, size_t{2}}) {
    std::string census = dir.File("census.db");
    RemoveStore(census);
    if (seed > 0) ASSERT_TRUE(IngestRun(census, {docs.begin(), docs.begin() + 2}).ok());
    vfs.Reset();
    ASSERT_TRUE(IngestRun(census, docs).ok());
    int64_t writes = vfs.count(Op::kWrite), syncs = vfs.count(Op::kSync), truncates = vfs.count(Op::kTruncate);
    ASSERT_GT(writes, 20);
    ASSERT_GT(syncs, 0);
    std::vector<Point> points;
    // The subset keeps every sync and truncate and every 9th write (each mode
    // starting at another offset), about a tenth of the write points.
    for (int64_t n = 1; n <= writes; ++n)
      for (Mode m : {Mode::kOnce, Mode::kPersistent, Mode::kShortWrite})
        if (full || (n + 3 * static_cast<int>(m)) % 9 == 1) points.push_back({Op::kWrite, n, m});
    for (int64_t n = 1; n <= syncs; ++n)
      for (Mode m : {Mode::kOnce, Mode::kPersistent}) points.push_back({Op::kSync, n, m});
    for (int64_t n = 1; n <= truncates; ++n) points.push_back({Op::kTruncate, n, Mode::kOnce});
    SweepResult r = Sweep(vfs, dir, docs, seed, points, clean);
    std::cout << "[fault sweep] from " << seed << " stored documents: " << writes << " writes, " << syncs
              << " syncs, " << truncates << " truncates per clean run; " << r.points << " failure points ("
              << r.fired << " reached, " << r.failed_runs << " runs reported the error), " << r.mismatches.size()
              << " mismatches\n";
    total_points += r.points;
    total_fired += r.fired;
    total_failed += r.failed_runs;
    mismatches.insert(mismatches.end(), r.mismatches.begin(), r.mismatches.end());
  }
  std::cout << "[fault sweep] total: " << total_points << " failure points, " << total_fired << " reached, "
            << total_failed << " failed runs, " << mismatches.size() << " mismatches"
            << (full ? " (full sweep)" : " (subset; DYAD_FAULT_SWEEP=full for all)") << "\n";
  for (size_t i = 0; i < mismatches.size() && i < 20; ++i) ADD_FAILURE() << mismatches[i];
  EXPECT_TRUE(mismatches.empty());
  // Every point was reached, and failures were reported, not swallowed.
  EXPECT_EQ(total_fired, total_points);
  EXPECT_GT(total_failed, total_points / 2);
  if (full) EXPECT_GE(total_points, 200);
}

// Disk full (finding: SQLITE_FULL): a clear ResourceExhausted error, the
// documents committed before it intact, and after space is freed the same
// run ends equal to a clean ingest.
TEST(StoreFaultTest, DiskFullIsAClearErrorAndCommittedDataIsIntact) {
  const std::vector<Document>& docs = CodedSamples();
  ScratchDir dir("diskfull", /*prefer_memory=*/true);
  std::string clean_db = dir.File("clean.db"), db = dir.File("full.db");
  ASSERT_TRUE(IngestRun(clean_db, docs).ok());
  auto clean = DumpByDocument(clean_db);
  ASSERT_TRUE(IngestRun(db, {docs.begin(), docs.begin() + 2}).ok());
  auto before = DumpByDocument(db);
  ASSERT_EQ(before.size(), 2u);
  {
    FaultVfs vfs;
    vfs.Arm(Op::kWrite, 3, Mode::kPersistent);  // the disk fills during the first new document
    Status s = IngestRun(db, docs);
    vfs.Reset();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
    EXPECT_NE(s.message().find(db), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("disk full"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("run the same command again"), std::string::npos) << s.message();
  }
  EXPECT_EQ(IntegrityCheck(db), "ok");
  EXPECT_EQ(DumpByDocument(db), before);
  ASSERT_TRUE(IngestRun(db, docs).ok());
  EXPECT_EQ(DumpHash(DumpByDocument(db)), DumpHash(clean));
}

// A file-size limit (`ulimit -f`; finding 13: SIGXFSZ killed ingest without a
// word): `dyad ingest` ends with status 1 and a message naming the limit, the
// batches committed before it are intact, and a run without the limit ends
// equal to a clean ingest.
TEST(StoreFaultTest, FileSizeLimitIsAClearErrorNotASignal) {
  ScratchDir dir("fsize");
  std::string corpus = dir.File("corpus.jsonl");
  {
    std::ofstream out(corpus);
    for (const Document& d : SyntheticArticles(16))
      out << "{\"id\":\"" << d.id << "\",\"date\":\"2024-03-20\",\"text\":\"" << d.raw << "\"}\n";
  }
  // The clean result, in-process, as `dyad ingest` makes it.
  std::string clean_db = dir.File("clean.db"), db = dir.File("limited.db");
  {
    auto store = Store::Open(clean_db);
    ASSERT_TRUE(store.ok());
    auto run = RunIngest(
        StorePipeline(), **store, [&](const auto& emit) { ReadInputs({corpus}, ReadOptions{}, emit); },
        IngestOptions{});
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    ASSERT_EQ(run->written, 16);
  }
  auto clean = DumpByDocument(clean_db);
  ASSERT_EQ(clean.size(), 16u);

  auto ingest = [&](rlim_t limit, std::string& output) {
    int pipefd[2];
    EXPECT_EQ(pipe(pipefd), 0);
    pid_t pid = fork();
    if (pid == 0) {
      dup2(pipefd[1], 1);
      dup2(pipefd[1], 2);
      close(pipefd[0]);
      if (limit != RLIM_INFINITY) {
        struct rlimit rl = {limit, limit};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(125);
      }
      execl(DYAD_BINARY, "dyad", "ingest", "-q", "--jobs", "1", "--batch", "2", "--db", db.c_str(), corpus.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(pipefd[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(pipefd[0], buf, sizeof buf)) > 0) output.append(buf, static_cast<size_t>(n));
    close(pipefd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
  };
  // The schema and a few batches fit in the write-ahead log, the rest do not:
  // each batch appends every page it changed, so the log of the whole run
  // outgrows the clean store's file; the limit scales with the schema.
  const rlim_t limit = (fs::file_size(clean_db) * 3 / 2 + 4095) / 4096 * 4096;
  std::string out;
  int status = ingest(limit, out);
  ASSERT_FALSE(WIFSIGNALED(status)) << "killed by signal " << WTERMSIG(status);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << out;
  EXPECT_NE(out.find(db + ": committing: the file-size limit was reached (ulimit -f: " + std::to_string(limit) + " bytes)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("run the same command again"), std::string::npos) << out;
  EXPECT_EQ(IntegrityCheck(db), "ok");
  auto partial = DumpByDocument(db);
  EXPECT_GT(partial.size(), 0u);
  EXPECT_LT(partial.size(), 16u);
  for (const auto& [id, rows] : partial) EXPECT_EQ(rows, clean[id]) << id;

  out.clear();
  status = ingest(RLIM_INFINITY, out);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  EXPECT_EQ(IntegrityCheck(db), "ok");
  EXPECT_EQ(DumpHash(DumpByDocument(db)), DumpHash(clean));
}

}  // namespace
}  // namespace dyad
