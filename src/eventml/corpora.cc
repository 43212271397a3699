// Readers of the event coder's training material (corpora.h).
#include "eventml/corpora.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "eventml/model.h"

namespace dyad::eventml {

namespace {

namespace fs = std::filesystem;

// Calls fn(element, line number) for every JSON object line of a file.
template <typename Fn>
Status ForEachJsonLine(const std::string& path, Fn&& fn) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  simdjson::dom::parser parser;
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    simdjson::dom::element r;
    if (parser.parse(simdjson::padded_string(line)).get(r) || !r.is_object())
      return Status::InvalidArgument(fmt::format("{}:{}: not a JSON object", path, no));
    Status s = fn(r, no);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v)) return "";
  return std::string(v);
}

// The id field as text (some sets store numbers).
std::string IdOf(simdjson::dom::element e) {
  std::string_view v;
  if (!e["id"].get_string().get(v)) return std::string(v);
  int64_t n = 0;
  if (!e["id"].get_int64().get(n)) return std::to_string(n);
  return "";
}

std::vector<std::string> StrList(simdjson::dom::element e, const char* key) {
  std::vector<std::string> out;
  simdjson::dom::array arr;
  if (e[key].get_array().get(arr)) return out;
  for (simdjson::dom::element x : arr) {
    std::string_view v;
    if (!x.get_string().get(v)) out.emplace_back(v);
  }
  return out;
}

// The occurrence of needle in text nearest to `near` (bytes), case-sensitive
// first, then ignoring case.
std::optional<Span> FindText(const std::string& text, std::string_view needle, uint32_t near = 0) {
  if (needle.empty()) return std::nullopt;
  auto search = [&](const std::string& hay, const std::string& n) -> std::optional<Span> {
    std::optional<Span> best;
    for (size_t p = hay.find(n); p != std::string::npos; p = hay.find(n, p + 1)) {
      Span s{static_cast<uint32_t>(p), static_cast<uint32_t>(p + n.size())};
      auto dist = [&](const Span& x) { return x.begin > near ? x.begin - near : near - x.begin; };
      if (!best || dist(s) < dist(*best)) best = s;
    }
    return best;
  };
  if (auto s = search(text, std::string(needle))) return s;
  std::string lt = text, ln(needle);
  for (char& c : lt) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : ln) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return search(lt, ln);
}

GoldArg ArgFromText(const std::string& text, const std::string& actor, uint32_t near, const std::string& code = "") {
  GoldArg a;
  if (actor.empty()) {
    a.state = GoldArg::kNone;
    return a;
  }
  if (auto s = FindText(text, actor, near)) {
    a.state = GoldArg::kSpan;
    a.span = *s;
    a.code = code;
  }
  return a;
}

// Texts of our corpus' documents, by doc id ("re3d:<_id>", "sh:<key>", ...).
Status LoadTexts(const std::string& shared, const std::set<std::string>& want,
                 std::map<std::string, std::string>& texts) {
  std::set<std::string> kinds;
  for (const std::string& d : want) kinds.insert(d.substr(0, d.find(':')));
  const std::string data = shared + "/data";
  simdjson::dom::parser parser;
  if (kinds.count("re3d")) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(data + "/ner/re3d-dstl-original", ec))
      if (fs::exists(e.path() / "documents.json")) files.push_back((e.path() / "documents.json").string());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
      Status s = ForEachJsonLine(f, [&](simdjson::dom::element r, int) {
        std::string id = "re3d:" + Str(r, "_id");
        if (want.count(id) && !texts.count(id)) texts[id] = Str(r, "text");
        return Status::Ok();
      });
      if (!s.ok()) return s;
    }
  }
  if (kinds.count("sh")) {
    const std::string path = data + "/extract/scrapinghub/ground-truth.json";
    simdjson::dom::element root;
    simdjson::padded_string json;
    if (simdjson::padded_string::load(path).get(json) || parser.parse(json).get(root))
      return Status::NotFound("cannot read " + path);
    simdjson::dom::object obj;
    if (!root.get_object().get(obj))
      for (auto [key, v] : obj) {
        std::string id = "sh:" + std::string(key);
        if (want.count(id)) texts[id] = Str(v, "articleBody");
      }
  }
  for (const std::string& id : want) {
    if (id.rfind("wcxb:", 0) != 0) continue;
    const std::string path = data + "/extract/wcxb-dev-articles/ground-truth/" + id.substr(5) + ".json";
    simdjson::dom::element r;
    simdjson::padded_string json;
    if (simdjson::padded_string::load(path).get(json) || parser.parse(json).get(r)) continue;
    if (Str(r, "file_id") == id.substr(5)) texts[id] = Str(r, "main_content");
  }
  for (const auto& corpus : {std::pair{"geovirus", "geo/geovirus.jsonl"}, std::pair{"lgl", "geo/lgl.jsonl"}}) {
    // Not a structured binding: clang 14 cannot capture one in a lambda.
    const std::string kind = corpus.first;
    if (!kinds.count(kind)) continue;
    Status s = ForEachJsonLine(data + "/" + corpus.second, [&](simdjson::dom::element r, int) {
      std::string id = kind + ":" + IdOf(r);
      if (want.count(id)) texts[id] = Str(r, "text");
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Status ReadOurCorpus(const std::string& repo_dir, const std::string& shared_dir, std::vector<Record>& out) {
  struct PoolRow {
    std::string doc, split;
    uint32_t begin = 0, end = 0;
  };
  std::map<std::string, PoolRow> pool;
  const std::string base = repo_dir + "/data/annotations/events";
  Status s = ForEachJsonLine(base + "/pool.jsonl", [&](simdjson::dom::element r, int) {
    PoolRow p;
    p.doc = Str(r, "doc");
    p.split = Str(r, "split");
    int64_t b = 0, e = 0;
    if (r["begin"].get_int64().get(b) || r["end"].get_int64().get(e)) return Status::InvalidArgument("pool row without offsets");
    p.begin = static_cast<uint32_t>(b);
    p.end = static_cast<uint32_t>(e);
    pool[Str(r, "sid")] = p;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(base + "/gold", ec))
    if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::map<std::string, std::vector<GoldEvent>> gold;
  std::vector<std::string> order;
  for (const std::string& f : files) {
    s = ForEachJsonLine(f, [&](simdjson::dom::element r, int no) {
      std::string sid = Str(r, "sid");
      if (!pool.count(sid)) return Status::InvalidArgument(fmt::format("{}:{}: sid {} not in the pool", f, no, sid));
      if (gold.count(sid)) return Status::Ok();  // the first annotator in file-name order
      std::vector<GoldEvent>& evs = gold[sid];
      order.push_back(sid);
      simdjson::dom::array arr;
      if (r["events"].get_array().get(arr)) return Status::Ok();
      for (simdjson::dom::element e : arr) {
        GoldEvent g;
        g.type = TypeIndex(Str(e, "type"));
        if (!g.type) continue;
        auto span = [&](const char* key, Span& out_span) {
          simdjson::dom::array a;
          int64_t b = 0, x = 0;
          if (e[key].get_array().get(a) || a.size() != 2 || a.at(0).get_int64().get(b) || a.at(1).get_int64().get(x))
            return false;
          out_span = {static_cast<uint32_t>(b), static_cast<uint32_t>(x)};
          return true;
        };
        g.has_trigger = span("trigger", g.trigger);
        for (auto [key, arg] : {std::pair{"source", &g.source}, std::pair{"target", &g.target}}) {
          arg->state = span(key, arg->span) ? GoldArg::kSpan : GoldArg::kNone;
          arg->code = Str(e, (std::string(key) + "_code").c_str());
        }
        g.cameo = Str(e, "cameo");
        g.asserted_actual = Str(e, "polarity") != "negated" && (Str(e, "modality").empty() || Str(e, "modality") == "actual");
        evs.push_back(std::move(g));
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  std::set<std::string> docs;
  for (const auto& sid : order) docs.insert(pool[sid].doc);
  std::map<std::string, std::string> texts;
  s = LoadTexts(shared_dir, docs, texts);
  if (!s.ok()) return s;
  for (const std::string& sid : order) {
    const PoolRow& p = pool[sid];
    auto it = texts.find(p.doc);
    if (it == texts.end() || p.end > it->second.size() || p.begin > p.end)
      return Status::NotFound("text of " + sid + " not found under " + shared_dir + "/data");
    Record r;
    r.id = sid;
    r.group = p.doc;
    r.corpus = "ours";
    r.text = it->second.substr(p.begin, p.end - p.begin);
    r.mode = LabelMode::kFull;
    r.events = gold[sid];
    r.test = p.split == "test";
    for (const GoldEvent& g : r.events)
      if (std::find(r.types.begin(), r.types.end(), g.type) == r.types.end()) r.types.push_back(g.type);
    out.push_back(std::move(r));
  }
  return Status::Ok();
}

Status ReadPlv(const std::string& path, std::vector<Record>& out) {
  return ForEachJsonLine(path, [&](simdjson::dom::element r, int) {
    Record rec;
    rec.id = IdOf(r);
    rec.group = rec.id;
    rec.corpus = "plv";
    rec.text = Str(r, "text");
    rec.mode = LabelMode::kPartial;
    for (const std::string& l : StrList(r, "labels")) {
      int t = TypeIndex(l == "YIELD" ? "CONCEDE" : l);
      if (t) rec.types.push_back(t);
    }
    simdjson::dom::array arr;
    if (!r["events"].get_array().get(arr))
      for (simdjson::dom::element e : arr) {
        GoldEvent g;
        std::string type = Str(e, "type");
        g.type = TypeIndex(type == "YIELD" ? "CONCEDE" : type);
        if (!g.type) continue;
        g.source = ArgFromText(rec.text, Str(e, "source"), 0);
        g.target = ArgFromText(rec.text, Str(e, "target"), g.source.state == GoldArg::kSpan ? g.source.span.end : 0);
        rec.events.push_back(std::move(g));
      }
    if (!rec.text.empty() && !rec.types.empty()) out.push_back(std::move(rec));
    return Status::Ok();
  });
}

Status ReadPloverGoldDev(const std::string& path, std::vector<Record>& out) {
  return ForEachJsonLine(path, [&](simdjson::dom::element r, int) {
    std::string event = Str(r, "event");
    if (event == "DOCUMENT") return Status::Ok();
    static const std::map<std::string, std::string> kRenamed = {
        {"DEMAND", "REQUEST"}, {"DISAPPROVE", "ACCUSE"}, {"FIGHT", "ASSAULT"}, {"INVESTIGATE", "ACCUSE"}, {"YIELD", "CONCEDE"}};
    if (auto it = kRenamed.find(event); it != kRenamed.end()) event = it->second;
    Record rec;
    rec.id = IdOf(r);
    rec.group = rec.id;
    rec.corpus = "plover";
    rec.text = Str(r, "text");
    rec.date = Str(r, "date");
    rec.mode = LabelMode::kPartial;
    GoldEvent g;
    g.type = TypeIndex(event);
    if (!g.type || rec.text.empty()) return Status::Ok();
    rec.types.push_back(g.type);
    // The first "(EVT: ...)" of the mark-up is the trigger.
    std::string markup;
    simdjson::dom::element info;
    if (!r["textInfo"].get(info)) markup = Str(info, "markup");
    size_t p = markup.find("(EVT: ");
    if (p != std::string::npos) {
      size_t q = markup.find(')', p);
      if (q != std::string::npos)
        if (auto s = FindText(rec.text, markup.substr(p + 6, q - p - 6))) {
          g.has_trigger = true;
          g.trigger = *s;
        }
    }
    for (auto [key, arg] : {std::pair{"source", &g.source}, std::pair{"target", &g.target}}) {
      simdjson::dom::array arr;
      if (r[key].get_array().get(arr) || arr.size() == 0) {
        arg->state = GoldArg::kNone;
        continue;
      }
      simdjson::dom::element first = arr.at(0);
      *arg = ArgFromText(rec.text, Str(first, "actorText"), g.has_trigger ? g.trigger.begin : 0, Str(first, "code"));
    }
    rec.events.push_back(std::move(g));
    out.push_back(std::move(rec));
    return Status::Ok();
  });
}

Status ReadSatp(const std::string& path, int max_records, std::vector<Record>& out) {
  int n = 0;
  return ForEachJsonLine(path, [&](simdjson::dom::element r, int) {
    std::vector<std::string> labels = StrList(r, "labels");
    std::vector<std::string> triggers = StrList(r, "action_triggers");
    if (n >= max_records || std::find(labels.begin(), labels.end(), "ASSAULT") == labels.end() || triggers.empty())
      return Status::Ok();
    Record rec;
    rec.id = IdOf(r);
    rec.group = rec.id;
    rec.corpus = "satp";
    rec.text = Str(r, "text");
    rec.date = Str(r, "date");
    rec.mode = LabelMode::kPositiveOnly;
    rec.types = {TypeIndex("ASSAULT")};
    std::vector<std::string> sources = StrList(r, "source_actors"), targets = StrList(r, "target_actors");
    const bool aligned = sources.size() == triggers.size() && targets.size() == triggers.size();
    uint32_t from = 0;
    for (size_t i = 0; i < triggers.size(); ++i) {
      size_t p = rec.text.find(triggers[i], from);
      if (p == std::string::npos) p = rec.text.find(triggers[i]);
      if (p == std::string::npos) continue;
      GoldEvent g;
      g.type = rec.types[0];
      g.has_trigger = true;
      g.trigger = {static_cast<uint32_t>(p), static_cast<uint32_t>(p + triggers[i].size())};
      from = g.trigger.end;
      if (aligned) {
        g.source = ArgFromText(rec.text, sources[i], g.trigger.begin);
        g.target = ArgFromText(rec.text, targets[i], g.trigger.begin);
      }
      rec.events.push_back(std::move(g));
    }
    if (!rec.events.empty()) {
      ++n;
      out.push_back(std::move(rec));
    }
    return Status::Ok();
  });
}

Status ReadPetrarch(const std::string& path, std::vector<Record>& out) {
  return ForEachJsonLine(path, [&](simdjson::dom::element r, int) {
    Record rec;
    rec.id = IdOf(r);
    rec.group = rec.id;
    rec.corpus = "petrarch";
    rec.text = Str(r, "text");
    rec.date = Str(r, "date");
    bool none = false;
    if (r["noevents"].get_bool().get(none)) none = false;
    rec.mode = none ? LabelMode::kFull : LabelMode::kPartial;
    for (const std::string& l : StrList(r, "labels"))
      if (int t = TypeIndex(l); t && std::find(rec.types.begin(), rec.types.end(), t) == rec.types.end())
        rec.types.push_back(t);
    if (!rec.text.empty() && (none || !rec.types.empty())) out.push_back(std::move(rec));
    return Status::Ok();
  });
}

Status ReadNgec(const std::string& path, std::vector<Record>& out) {
  return ForEachJsonLine(path, [&](simdjson::dom::element r, int) {
    Record rec;
    rec.id = IdOf(r);
    rec.group = rec.id;
    rec.corpus = "ngec";
    rec.text = Str(r, "text");
    rec.mode = LabelMode::kPartial;
    for (const std::string& l : StrList(r, "labels"))
      if (int t = TypeIndex(l)) rec.types.push_back(t);
    if (!rec.text.empty() && !rec.types.empty()) out.push_back(std::move(rec));
    return Status::Ok();
  });
}

}  // namespace dyad::eventml
