// RunIngest: documents -> pipeline workers -> one writer committing batches in
// input order. Input order makes the result independent of thread timing: a
// run killed and resumed ends with the same rows as a clean run.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "dyad/store.h"

namespace dyad {

namespace {

struct Item {
  int64_t seq = 0;
  std::string origin;
  Result<Document> doc = Status::Internal("unset");
  bool skipped_unchanged = false;
  bool skipped_duplicate = false;
};

}  // namespace

Result<IngestProgress> RunIngest(const Pipeline& pipeline, Store& store, const DocumentProducer& produce,
                                 const IngestOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const int jobs = std::max(1, options.jobs);
  const size_t batch_docs = std::max<size_t>(1, options.batch_documents);
  // Room for one batch being committed while the workers fill the next.
  const size_t window = options.window ? options.window : 8 * static_cast<size_t>(jobs) + 2 * batch_docs;

  // What is already stored, so the pipeline is skipped for it.
  std::unordered_map<std::string, std::string> known_ids;
  std::unordered_set<std::string> known_hashes;
  if (options.skip_known && !options.reanalyse) {
    Status s = store.ForEachDocumentKey([&](const std::string& id, const std::string& hash) {
      known_ids.emplace(id, hash);
      known_hashes.insert(hash);
    });
    if (!s.ok()) return s;
  }

  std::mutex mu;
  std::condition_variable work_cv, done_cv, space_cv;
  std::deque<Item> work;
  std::map<int64_t, Item> done;
  // Written documents go back to the workers to be freed: on a machine with as
  // many cores as workers, the writer's time is what --jobs cannot divide.
  std::vector<Item> written;
  int64_t next_seq = 0, written_seq = 0;
  bool input_finished = false;
  Status fatal;
  IngestProgress progress;
  std::mutex error_mu;
  auto report_error = [&](const std::string& origin, const Status& s) {
    std::lock_guard<std::mutex> lock(error_mu);
    if (options.on_error) options.on_error(origin, s);
  };

  auto worker = [&]() {
    PipelineScratch scratch = pipeline.NewScratch();
    std::vector<Item> to_free;
    for (;;) {
      Item item;
      {
        std::unique_lock<std::mutex> lock(mu);
        work_cv.wait(lock, [&] { return !work.empty() || input_finished; });
        to_free.swap(written);
        if (work.empty()) return;
        item = std::move(work.front());
        work.pop_front();
      }
      to_free.clear();  // free written documents here, outside the lock and off the writer
      if (item.doc.ok() && fatal.ok()) {
        Document& doc = *item.doc;
        if (doc.date.empty()) doc.date = options.default_date;
        std::string hash;
        if (!known_ids.empty() || !known_hashes.empty()) {
          hash = ContentHash(doc.raw);
          auto it = known_ids.find(doc.id);
          if (it != known_ids.end() && it->second == hash) item.skipped_unchanged = true;
          else if (it == known_ids.end() && known_hashes.count(hash)) item.skipped_duplicate = true;
        }
        if (!item.skipped_unchanged && !item.skipped_duplicate) {
          Status s = pipeline.Run(doc, scratch);
          if (!s.ok()) item.doc = s;
        }
        if (item.skipped_unchanged || item.skipped_duplicate) item.doc = Status::Internal("skipped");
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        int64_t seq = item.seq;
        done.emplace(seq, std::move(item));
      }
      done_cv.notify_one();
    }
  };

  auto writer = [&]() {
    std::vector<Item> batch;
    auto batch_started = Clock::now();
    auto last_progress = Clock::now();
    auto flush = [&]() -> Status {
      if (batch.empty()) return Status::Ok();
      std::vector<const Document*> docs;
      for (Item& it : batch)
        if (it.doc.ok()) docs.push_back(&*it.doc);
      if (!docs.empty()) {
        auto results = store.PutDocuments(docs, options.reanalyse);
        if (!results.ok()) return results.status();
        for (const PutResult& r : *results) {
          switch (r.outcome) {
            case PutOutcome::kInserted:
            case PutOutcome::kReplaced:
              ++progress.written;
              progress.events += static_cast<int64_t>(r.events);
              break;
            case PutOutcome::kUnchanged: ++progress.unchanged; break;
            case PutOutcome::kDuplicate: ++progress.duplicates; break;
          }
        }
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        written_seq += static_cast<int64_t>(batch.size());
        for (Item& it : batch) written.push_back(std::move(it));
      }
      space_cv.notify_all();
      batch.clear();
      return Status::Ok();
    };
    for (;;) {
      bool finished = false;
      {
        std::unique_lock<std::mutex> lock(mu);
        auto ready = [&] { return done.count(written_seq + static_cast<int64_t>(batch.size())) > 0; };
        done_cv.wait_for(lock, std::chrono::milliseconds(50), [&] {
          return ready() || (input_finished && written_seq + static_cast<int64_t>(batch.size()) == next_seq);
        });
        while (ready() && batch.size() < batch_docs) {
          auto it = done.find(written_seq + static_cast<int64_t>(batch.size()));
          batch.push_back(std::move(it->second));
          done.erase(it);
          Item& b = batch.back();
          ++progress.read;
          if (b.skipped_unchanged) ++progress.unchanged;
          else if (b.skipped_duplicate) ++progress.duplicates;
          else if (!b.doc.ok()) {
            ++progress.errors;
          }
          if (batch.size() == 1) batch_started = Clock::now();
        }
        finished = input_finished && written_seq + static_cast<int64_t>(batch.size()) == next_seq;
      }
      for (Item& b : batch)
        if (!b.doc.ok() && !b.skipped_unchanged && !b.skipped_duplicate && !b.origin.empty()) {
          report_error(b.origin, b.doc.status());
          b.origin.clear();  // reported once
        }
      auto now = Clock::now();
      if (batch.size() >= batch_docs || finished ||
          (!batch.empty() && now - batch_started >= std::chrono::milliseconds(options.batch_millis))) {
        Status s = flush();
        if (!s.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          fatal = s;
          written_seq = next_seq + static_cast<int64_t>(window) + 1;  // unblock the producer
          space_cv.notify_all();
          return;
        }
      }
      if (options.on_progress && (finished || now - last_progress >= std::chrono::milliseconds(options.progress_millis))) {
        last_progress = now;
        IngestProgress p = progress;
        p.seconds = std::chrono::duration<double>(now - start).count();
        p.done = finished;
        options.on_progress(p);
      }
      if (finished) return;
    }
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) threads.emplace_back(worker);
  std::thread writer_thread(writer);

  produce([&](const std::string& origin, Result<Document> doc) {
    std::unique_lock<std::mutex> lock(mu);
    space_cv.wait(lock, [&] { return !fatal.ok() || next_seq - written_seq < static_cast<int64_t>(window); });
    if (!fatal.ok()) return;
    Item item;
    item.seq = next_seq++;
    item.origin = origin;
    item.doc = std::move(doc);
    work.push_back(std::move(item));
    lock.unlock();
    work_cv.notify_one();
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    input_finished = true;
  }
  work_cv.notify_all();
  done_cv.notify_all();
  for (auto& t : threads) t.join();
  done_cv.notify_all();
  writer_thread.join();
  if (!fatal.ok()) return fatal;
  progress.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  progress.done = true;
  return progress;
}

}  // namespace dyad
