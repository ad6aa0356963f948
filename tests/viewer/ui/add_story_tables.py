#!/usr/bin/env python3
"""Adds event and network tables to a Loom results file, as newer Loom
versions write them (h5py structured arrays, int64/float64 fields,
variable-length UTF-8 strings), so the viewer's story panel and trust
network can be tested before the model produces them.

    add_story_tables.py RESULTS.h5

The data are synthetic but shaped like a school: a principal and 12
teachers in two teams, snapshots every 6 weeks of runs 0 and 1, a champion
leaving after year 1 (replaced in the same slot) and a post left empty.
"""
import sys

import h5py
import numpy as np

TEXT = h5py.string_dtype("utf-8")


def events(scenario_index):
    rows = [
        (0, 4, 0, "idea_adopted", -1, "Teachers in team A started peer observation."),
        (0, 20, 0, "equity_pause", -1, "The team paused to check results by student group."),
        (0, 35, 0, "champion_left", 3, "Ms Okafor, a change champion, left the school \u2014 burnt out."),
        (0, 60, 0, "idea_abandoned", -1, "Exit tickets were dropped after two cycles."),
        (0, 71, 0, "principal_left", 0, "The principal moved to another school."),
        (1, 10, 0, "trust_breakdown", -1, "A public ranking of classes broke trust in team B."),
    ]
    if scenario_index == 0:
        rows.append((0, 50, 0, "initiative_collapsed", -1, "The reading initiative collapsed."))
    dtype = [("run", "<i8"), ("week", "<i8"), ("school", "<i8"), ("kind", TEXT),
             ("actor", "<i8"), ("detail", TEXT)]
    return np.array(rows, dtype=dtype)


def network(scenario_index):
    nodes, edges = [], []
    teams = [range(1, 7), range(7, 13)]
    for run in (0, 1):
        for week in range(0, 180, 6):
            for slot in range(13):
                if slot == 12 and 36 <= week < 72:
                    continue  # a post left empty for a year
                person = slot
                if slot == 3 and week >= 36:
                    person = 103  # the champion's replacement
                if slot == 0 and week >= 72:
                    person = 100  # a new principal
                champion = 1 if slot in (3, 8) and person == slot else 0
                burnout = min(1.0, 0.1 + week / 200.0 + (0.3 if slot == 3 else 0.0))
                nodes.append((run, week, slot, person, 0 if slot == 0 else 1, champion,
                              week / 36.0, burnout))
            for team in teams:
                for a in team:
                    for b in team:
                        if a < b and not (12 in (a, b) and 36 <= week < 72):
                            trust = 0.9 - 0.4 * scenario_index * (week / 180.0) - 0.05 * abs(a - b)
                            edges.append((run, week, a, b, max(0.05, trust)))
                edges.append((run, week, 0, team[0], 0.6))
            edges.append((run, week, 6, 7, 0.3))
    node_dtype = [("run", "<i8"), ("week", "<i8"), ("slot", "<i8"), ("person", "<i8"),
                  ("role", "<i8"), ("champion", "<i8"), ("tenure", "<f8"), ("burnout", "<f8")]
    edge_dtype = [("run", "<i8"), ("week", "<i8"), ("source", "<i8"), ("target", "<i8"),
                  ("trust", "<f8")]
    return np.array(nodes, dtype=node_dtype), np.array(edges, dtype=edge_dtype)


def main(path):
    with h5py.File(path, "r+") as f:
        for i, sid in enumerate(f["scenario_order"].asstr()[:]):
            g = f["scenarios"][sid]
            g.create_dataset("events", data=events(i))
            nodes, edges = network(i)
            g.create_dataset("network_nodes", data=nodes)
            g.create_dataset("network_edges", data=edges)


if __name__ == "__main__":
    main(sys.argv[1])
