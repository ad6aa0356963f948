#pragma once
// Undo and redo for what-if lever changes: the state as last committed, the
// states before it (undo) and those undone (redo). GL-free and generic, so
// it is tested without a window (tests/viewer/data/scenario_settings_test.cpp).
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace loom::viewer {

template <class State>
class UndoHistory {
 public:
  explicit UndoHistory(std::size_t limit = 200) : limit_(limit) {}

  // Forget the history: `current` is where it starts.
  void reset(State current) {
    current_ = std::move(current);
    undo_.clear();
    redo_.clear();
  }
  // A change was made: `next` is the new state. The old one can be undone;
  // anything undone before can no longer be redone.
  void commit(State next) {
    undo_.push_back(std::move(current_));
    if (undo_.size() > limit_) undo_.erase(undo_.begin());
    redo_.clear();
    current_ = std::move(next);
  }
  // Replaces the current state without a history entry (e.g. a run count).
  void amend(State current) { current_ = std::move(current); }
  // The state to go back to (it becomes current), or nothing.
  std::optional<State> undo() {
    if (undo_.empty()) return std::nullopt;
    redo_.push_back(std::move(current_));
    current_ = std::move(undo_.back());
    undo_.pop_back();
    return current_;
  }
  std::optional<State> redo() {
    if (redo_.empty()) return std::nullopt;
    undo_.push_back(std::move(current_));
    current_ = std::move(redo_.back());
    redo_.pop_back();
    return current_;
  }
  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  const State& current() const { return current_; }

 private:
  std::size_t limit_;
  State current_{};
  std::vector<State> undo_, redo_;
};

}  // namespace loom::viewer
