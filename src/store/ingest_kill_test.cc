// Crash safety: `dyad ingest` killed with SIGKILL mid-ingest (several times),
// then run to the end, leaves exactly the rows of a clean run.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {

namespace fs = std::filesystem;

const char* kActors[] = {"Iraq", "the United States", "Iran", "Turkey", "Greece", "Russia", "Ukraine", "China",
                         "Japan", "France", "the Iraqi government", "the American military", "Egyptian officials"};
const char* kVerbs[] = {"accused {b} of violating the ceasefire", "held talks with {b}", "praised {b} for its restraint",
                        "condemned {b} for the strikes", "sent aid to {b}", "threatened {b} with sanctions",
                        "met with {b} in Geneva", "criticised {b} over the arrests"};

std::string Sentence(unsigned& seed) {
  auto next = [&](unsigned n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  std::string a = kActors[next(13)], b = kActors[next(13)];
  if (a == b) b = "the Arab League";
  std::string v = kVerbs[next(8)];
  v.replace(v.find("{b}"), 3, b);
  std::string s = a + " " + v + " on Monday, March " + std::to_string(1 + next(28)) + ", 2024.";
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

void WriteCorpus(const std::string& path, int docs) {
  std::ofstream out(path);
  unsigned seed = 6;
  for (int i = 0; i < docs; ++i) {
    std::string text;
    for (int k = 0; k < 6; ++k) text += Sentence(seed) + (k % 2 ? "\\n\\n" : " ");
    text += "Members of the Harbour Workers Union gathered outside. Report " + std::to_string(i) + ".";
    out << "{\"id\":\"doc-" << i << "\",\"date\":\"2024-03-" << (10 + i % 18) << "\",\"text\":\"" << text << "\"}\n";
  }
}

pid_t StartIngest(const std::string& db, const std::string& corpus) {
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(DYAD_BINARY, "dyad", "ingest", "-q", "--db", db.c_str(), "--jobs", "2", "--batch", "8", corpus.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int64_t Scalar(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 1000);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return n;
}

// Every row of the tables that matter, without autoincrement ids and timestamps.
std::string Dump(const std::string& db) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  for (const char* sql :
       {"SELECT id, content_hash, title, published, text, num_events FROM documents ORDER BY id",
        "SELECT doc_id, idx, span_begin, span_end FROM sentences ORDER BY doc_id, idx",
        "SELECT doc_id, sentence, kind, span_begin, span_end, code FROM mentions ORDER BY doc_id, span_begin, kind, code",
        "SELECT doc_id, seq, sentence, date, source_code, target_code, cameo, polarity, modality, trigger_begin, "
        "goldstein FROM events ORDER BY doc_id, seq",
        "SELECT doc_id, name, span_begin FROM unknown_actors ORDER BY doc_id, span_begin"}) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(h, sql, -1, &s, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const unsigned char* t = sqlite3_column_text(s, c);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(s);
    out += "--\n";
  }
  sqlite3_close(h);
  return out;
}

TEST(IngestKillTest, KilledIngestResumesToTheCleanResult) {
  fs::path dir = fs::temp_directory_path() / ("dyad_kill_test_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const int kDocs = 600;
  std::string corpus = (dir / "corpus.jsonl").string();
  WriteCorpus(corpus, kDocs);
  std::string killed_db = (dir / "killed.db").string(), clean_db = (dir / "clean.db").string();

  int interrupted = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (int threshold : {40, 200, 400}) {
    pid_t pid = StartIngest(killed_db, corpus);
    ASSERT_GT(pid, 0);
    bool exited = false;
    int status = 0;
    // Kill once the store holds `threshold` documents (or the run ends first).
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      if (Scalar(killed_db, "SELECT count(*) FROM documents") >= threshold) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!exited) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++interrupted;
    }
    int64_t docs = Scalar(killed_db, "SELECT count(*) FROM documents");
    EXPECT_LE(docs, kDocs);
  }
  EXPECT_GE(interrupted, 1) << "no run was killed mid-ingest; the corpus ingests too fast";
  EXPECT_LT(Scalar(killed_db, "SELECT count(*) FROM documents"), kDocs);

  // Resume to the end, and a clean run for comparison.
  for (const std::string& db : {killed_db, clean_db}) {
    pid_t pid = StartIngest(db, corpus);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << db;
    EXPECT_EQ(WEXITSTATUS(status), 0) << db;
  }
  EXPECT_EQ(Scalar(killed_db, "SELECT count(*) FROM documents"), kDocs);
  EXPECT_GT(Scalar(clean_db, "SELECT count(*) FROM events"), kDocs);
  std::string a = Dump(killed_db), b = Dump(clean_db);
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b) << "the resumed store differs from a clean run";
  fs::remove_all(dir);
}

}  // namespace
