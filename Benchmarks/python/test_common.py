"""common.py against the check values of docs/generator.md.

Run from this folder: python3 -m pytest -q
"""
import math
import os

import numpy as np
import pytest

import common


def test_splitmix64_seed1_outputs_and_uniforms():
    rng = common.SplitMix64(1)
    assert [rng.next() for _ in range(3)] == [0x910A2DEC89025CC1, 0xBEEB8DA1658EEC67, 0xF893A2EEFB32555E]
    rng = common.SplitMix64(1)
    assert [rng.uniform01() for _ in range(3)] == [0.5665615751722809, 0.7457817572627011, 0.9710027535867962]


def test_splitmix64_seed0_first_output():
    assert common.SplitMix64(0).next() == 0xE220A8397B1DCDAF


def test_vectorised_draws_equal_scalar_draws_and_advance_the_state():
    for seed in (0, 1, 2, 2**64 - 1):
        scalar = common.SplitMix64(seed)
        expected = [scalar.next() for _ in range(1000)]
        vector = common.SplitMix64(seed)
        got = vector.outputs(400).tolist() + vector.outputs(600).tolist()
        assert got == expected
        assert vector.state == scalar.state
        assert vector.next() == scalar.next()
    scalar, vector = common.SplitMix64(7), common.SplitMix64(7)
    assert vector.uniforms(500).tolist() == [scalar.uniform01() for _ in range(500)]


def test_xavier_check_values_and_stream_order():
    weights, biases = common.xavier([2, 16, 16, 1], seed=1)
    assert [w.shape for w in weights] == [(2, 16), (16, 16), (16, 1)]
    assert weights[0][0, :3].tolist() == [0.07685868668680376, 0.28380432743503947, 0.5438671331447835]
    assert all((b == 0).all() for b in biases)
    # one stream for the whole network, row-major, layer after layer
    rng = common.SplitMix64(1)
    for w, (fan_in, fan_out) in zip(weights, [(2, 16), (16, 16), (16, 1)]):
        scale = math.sqrt(6.0 / (fan_in + fan_out))
        for r in range(fan_in):
            for c in range(fan_out):
                assert w[r, c] == (2 * rng.uniform01() - 1) * scale


def test_shuffle_check_two_epochs():
    shuffler = common.Shuffler(10, seed=2)
    assert shuffler.epoch().tolist() == [9, 8, 3, 2, 4, 6, 1, 7, 5, 0]
    assert shuffler.epoch().tolist() == [2, 4, 5, 8, 6, 1, 9, 7, 0, 3]


def test_shuffle_is_scalar_fisher_yates():
    rng, p = common.SplitMix64(2), list(range(37))
    shuffler = common.Shuffler(37, seed=2)
    for _ in range(3):
        for i in range(36, 0, -1):
            j = rng.next() % (i + 1)
            p[i], p[j] = p[j], p[i]
        assert shuffler.epoch().tolist() == p


def test_batches_last_short():
    assert [b.tolist() for b in common.batches(np.arange(7), 3)] == [[0, 1, 2], [3, 4, 5], [6]]


def test_w3_input():
    x = common.w3_input()
    assert x.shape == (1, 16)
    assert x[0, :2].tolist() == [-0.7730993158856909, 0.40058702718580474]


def test_w4_first_values_and_labels():
    x, e, labels = common.w4_data()
    assert x.shape == (10000, 784) and e.shape == (10000, 10)
    assert x[0, :3].tolist() == [0.8289821350136992, -0.6649369315630644, -1.9771677307257216]
    assert labels[:10].tolist() == [8, 4, 3, 9, 1, 6, 9, 5, 0, 5]
    assert (e.argmax(axis=1) == labels).all() and (e.sum(axis=1) == 1).all()
    # the last pair too (row-major, pairs continue across rows)
    rng = common.SplitMix64(4)
    rng.outputs(784 * 10000 - 2)
    u1, u2 = rng.uniform01(), rng.uniform01()
    r = math.sqrt(-2 * math.log(1 - u1))
    assert x[-1, -2:].tolist() == [r * math.cos(2 * math.pi * u2), r * math.sin(2 * math.pi * u2)]


needs_data = pytest.mark.skipif(not os.path.isdir(common.DEFAULT_DATA), reason="no data folder")


@needs_data
def test_w1_data_matches_formula():
    x, e = common.w1_data(common.DEFAULT_DATA)
    assert x.shape == (1000, 2) and e.shape == (1000, 1)
    assert (e[:500] == 1).all() and (e[500:] == 0).all()
    i = np.arange(500)
    for half, delta in ((0, 0.0), (1, math.pi)):
        r = 5 * i / 500
        t = 2 * math.pi * 1.75 * i / 500 + delta
        got = x[500 * half:500 * half + 500]
        assert np.allclose(got[:, 0], r * np.sin(t), atol=1e-12)
        assert np.allclose(got[:, 1], r * np.cos(t), atol=1e-12)


@needs_data
def test_w2_data():
    x, e, labels = common.w2_data(common.DEFAULT_DATA)
    assert x.shape == (1797, 64) and e.shape == (1797, 10)
    assert x.min() == 0 and x.max() == 1
    assert (e.argmax(axis=1) == labels).all()
