#include "sim/run/record_loop.hpp"

namespace loom {
namespace {

class RecordSink final : public RunSink {
 public:
  RecordSink(const UnitRecordOptions& record, const RecordDelivery& deliver)
      : record_(record), deliver_(deliver) {}
  void on_unit_done(const PlanUnit& unit, RunOutput&& output) override {
    bytes_.clear();
    encode_unit(unit.index, output, record_, bytes_);
    deliver_(unit.index, bytes_);
  }

 private:
  const UnitRecordOptions& record_;
  const RecordDelivery& deliver_;
  std::vector<unsigned char> bytes_;
};

}  // namespace

void execute_records(const RunPlan& plan, const std::vector<std::uint64_t>& units,
                     const UnitRunner& run, const UnitRecordOptions& record,
                     const RecordDelivery& deliver, const LoopOptions& options) {
  RecordSink sink(record, deliver);
  execute(plan, units, run, sink, options);
}

}  // namespace loom
