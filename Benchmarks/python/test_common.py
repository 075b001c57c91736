"""The reference generator, init, shuffle and data against ../shared/data/README.md's check values."""
import common


def test_splitmix64_vectors():
    rng = common.SplitMix64(1)
    assert [rng.next() for _ in range(3)] == [0x910A2DEC89025CC1, 0xBEEB8DA1658EEC67, 0xF893A2EEFB32555E]
    assert common.SplitMix64(0).next() == 0xE220A8397B1DCDAF


def test_xavier_and_shuffle():
    w, _ = common.xavier([2, 16, 16, 1])[0]
    assert w[0][:3] == [0.07685868668680376, 0.28380432743503947, 0.5438671331447835]
    orders = list(common.epoch_orders(10, 2, seed=2))
    assert orders == [[9, 8, 3, 2, 4, 6, 1, 7, 5, 0], [2, 4, 5, 8, 6, 1, 9, 7, 0, 3]]


def test_w3_input_starts_as_specified():
    assert common.w3_input()[:2] == [-0.7730993158856909, 0.40058702718580474]
