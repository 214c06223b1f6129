"""The cost of TensorBoard summaries on the seed training step (linear regression, one sample per sess.run):
the step alone vs the step that also fetches one scalar summary and writes it with FileWriter.add_summary,
interleaved in short rounds in one process. The overhead is the median of the rounds' ratios, which holds up on a
busy machine better than a ratio of totals; on this project's 2-core VM a round's ratio still varies by +-10%, and
41 rounds of 500 steps gave figures 3-4 points apart from run to run, so the default is 201 rounds of 256 steps
(each round's flush frames its 256 summaries: a round pays for a batch's cold first chunk, which a training
loop pays once per 1024 steps), and the ratio of the totals is printed beside it. Prints µs/step and the
overhead (target: at most 10%), and beside it the overhead of fetching the loss each step instead (on a GPU any
fetched value waits for the step to finish; the plain loop never waits).

    python bench/summaries.py [--steps 256] [--rounds 201]
"""
from __future__ import annotations

import argparse
import tempfile

import tf1compat as tf
import timing
from workloads import feeding_loop, seed_step


def seed_model():
    X, Y, w, _, cost, train = seed_step.linear_model(tf)
    summary = tf.summary.scalar("cost", cost)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess, X, Y, w, cost, train, summary


def runners(logdir, train_x, train_y):
    sess, X, Y, w, cost, train, summary = seed_model()
    writer = tf.summary.FileWriter(logdir, sess.graph)
    feeds = [{X: x, Y: y} for x, y in zip(train_x, train_y)]

    def with_summary(steps):
        for i in range(steps):
            _, serialized = sess.run([train, summary], feed_dict=feeds[i % len(feeds)])
            writer.add_summary(serialized, i)
        sess.run(w)
        writer.flush()   # the writing is part of the cost

    def with_loss(steps):
        for i in range(steps):
            sess.run([train, cost], feed_dict=feeds[i % len(feeds)])
        sess.run(w)
    return feeding_loop(sess, train, feeds, w), with_summary, with_loss, writer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=201)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as logdir:
        plain, with_summary, with_loss, writer = runners(logdir, *seed_step.data())
        # warm up: plan compile, allocator, writer thread
        rounds = timing.step_rounds({"plain": plain, "summary": with_summary, "loss": with_loss}, args.steps,
                                    args.rounds, warmup=200)
        writer.close()
    print(f"seed step, {args.steps} steps x {args.rounds} rounds; median of rounds (wall | main-thread CPU)")
    for clock, name in (("wall", "wall"), ("cpu", "CPU")):
        t_plain, t_summary, t_loss = (timing.convert(timing.seconds(rounds[side], clock), "us/step", args.steps)
                                      for side in ("plain", "summary", "loss"))
        plain_us, summary_us = timing.median(t_plain), timing.median(t_summary)
        overhead = timing.median(timing.round_ratios(t_summary, t_plain)) - 1
        of_totals = sum(t_summary) / sum(t_plain) - 1
        loss_overhead = timing.median(timing.round_ratios(t_loss, t_plain)) - 1
        print(f"  {name:4}: sess.run(train_op) {plain_us:7.1f} us/step; with a scalar summary fetched and "
              f"written {summary_us:7.1f} us/step: overhead {overhead * 100:+.1f}% (of totals "
              f"{of_totals * 100:+.1f}%; target <= +10%); the loss fetched instead: {loss_overhead * 100:+.1f}%")


if __name__ == "__main__":
    main()
