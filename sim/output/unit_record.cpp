#include "sim/output/unit_record.hpp"

#include <cstring>
#include <stdexcept>

namespace loom {
namespace {

template <class T>
void put(std::vector<unsigned char>& out, const T& value) {
  const auto* p = reinterpret_cast<const unsigned char*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

void put_text(std::vector<unsigned char>& out, const std::string& s) {
  put(out, static_cast<std::uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

void put_doubles(std::vector<unsigned char>& out, const std::vector<double>& v) {
  put(out, static_cast<std::uint32_t>(v.size()));
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  out.insert(out.end(), p, p + v.size() * sizeof(double));
}

class Reader {
 public:
  explicit Reader(std::span<const unsigned char> bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string text() {
    const auto n = get<std::uint32_t>();
    need(n);
    std::string s(reinterpret_cast<const char*>(bytes_.data() + at_), n);
    at_ += n;
    return s;
  }
  std::vector<double> doubles() {
    const auto n = get<std::uint32_t>();
    need(static_cast<std::size_t>(n) * sizeof(double));
    std::vector<double> v(n);
    if (n) std::memcpy(v.data(), bytes_.data() + at_, n * sizeof(double));
    at_ += n * sizeof(double);
    return v;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void need(std::size_t n) const {
    if (bytes_.size() - at_ < n) throw std::runtime_error("unit record is truncated");
  }
  std::span<const unsigned char> bytes_;
  std::size_t at_ = 0;
};

}  // namespace

void encode_unit(std::uint64_t unit, const RunOutput& output, const UnitRecordOptions& options,
                 std::vector<unsigned char>& out) {
  put(out, unit);
  put_doubles(out, output.summary);
  put_doubles(out, options.series ? output.series : std::vector<double>{});
  const std::uint32_t events =
      options.events ? static_cast<std::uint32_t>(output.events.size()) : 0;
  put(out, events);
  for (std::uint32_t i = 0; i < events; ++i) {
    const RunEvent& e = output.events[i];
    put(out, static_cast<std::int32_t>(e.week));
    put(out, static_cast<std::int32_t>(e.school));
    put(out, static_cast<std::int64_t>(e.actor));
    put_text(out, e.kind);
    put_text(out, e.detail);
  }
}

RunOutput decode_unit(std::span<const unsigned char> bytes, std::uint64_t* unit) {
  Reader in(bytes);
  RunOutput out;
  const auto index = in.get<std::uint64_t>();
  out.summary = in.doubles();
  out.series = in.doubles();
  const auto events = in.get<std::uint32_t>();
  for (std::uint32_t i = 0; i < events; ++i) {
    RunEvent e;
    e.week = in.get<std::int32_t>();
    e.school = in.get<std::int32_t>();
    e.actor = in.get<std::int64_t>();
    e.kind = in.text();
    e.detail = in.text();
    out.events.push_back(std::move(e));
  }
  if (!in.done()) throw std::runtime_error("unit record has trailing bytes");
  if (unit) *unit = index;
  return out;
}

}  // namespace loom
