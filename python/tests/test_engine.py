"""The Python package against the command line: the same documents give the same reports."""

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import bitext
from conftest import PAGES, REPO, run_cli


def test_the_readme_example_prints_background(engine):
    page = PAGES[0].read_text(encoding="utf-8")
    assert PAGES[0].name.startswith("000_")
    assert engine.check(page=page)["pairs"][0]["sections"][0]["id"] == "background"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_page_reports_as_check_format_json(engine, cli, page):
    path = str(page.relative_to(REPO))
    out = run_cli(cli, "check", "--format", "json", "--fail-on", "never", path)
    assert out.returncode == 0, out.stderr
    expected = json.loads(out.stdout)["documents"][0]
    got = engine.check(page=page.read_text(encoding="utf-8"), path=path)
    assert got == expected


def test_a_pair_of_texts_and_of_sentence_lists(engine):
    report = engine.check(
        en="Interviews (n = 14) were held in 2021.", zh="2021年进行了访谈(n=41)。", path="p"
    )
    (finding,) = report["findings"]
    assert finding["rule"] == "number-mismatch"
    assert (finding["en"]["value"], finding["zh"]["value"]) == ("14", "41")
    assert report["path"] == "p"
    same = engine.check(
        en=["Interviews (n = 14) were held in 2021."], zh=["2021年进行了访谈(n=41)。"], id="r1"
    )
    assert same["id"] == "r1" and same["findings"][0]["rule"] == "number-mismatch"


def test_source_is_per_call_or_per_engine(engine):
    en, zh = "We enrolled 14 patients. All recovered.", "我们纳入了14名患者。"
    as_en = engine.check(en=en, zh=zh)
    as_zh = engine.check(en=en, zh=zh, source="zh")
    assert as_en["pairs"][0]["source"] == "en" and as_zh["pairs"][0]["source"] == "zh"
    assert bitext.Engine(source="zh").check(en=en, zh=zh)["pairs"][0]["source"] == "zh"
    with pytest.raises(ValueError, match="source must be"):
        engine.check(en=en, zh=zh, source="fr")


def test_bad_calls_say_what_to_give(engine):
    with pytest.raises(ValueError, match="nothing to check"):
        engine.check()
    with pytest.raises(ValueError, match="not both"):
        engine.check(page="x", en="a", zh="b")
    with pytest.raises(ValueError, match="zh=... is not"):
        engine.check(en="a")
    with pytest.raises(ValueError, match="both be strings"):
        engine.check(en="a", zh=["b"])


def test_align_gives_the_beads_of_align_format_jsonl(engine, cli):
    page = PAGES[0]
    path = str(page.relative_to(REPO))
    out = run_cli(cli, "align", "--format", "jsonl", "--quiet", path)
    assert out.returncode == 0, out.stderr
    expected = [json.loads(line) for line in out.stdout.splitlines()]
    got = engine.align(page=page.read_text(encoding="utf-8"), path=path)
    assert got == expected and len(got) > 3


def records():
    """Records of every kind: pages, pairs of texts, pairs of sentence lists, no id."""
    out = []
    for i, page in enumerate(PAGES):
        out.append({"id": f"page-{i}", "page": page.read_text(encoding="utf-8")})
    out.append({"id": "pair", "en": "Five patients died in 2020.", "zh": "2020年有六名患者死亡。"})
    out.append({"en": ["Twelve sites took part.", "All agreed."], "zh": ["12个地点参与。", "所有人都同意。"]})
    out.append({"id": 7, "en": "No numbers here.", "zh": "这里没有数字。"})
    return out


def test_check_many_equals_jsonl_on_the_command_line(engine, cli):
    recs = records()
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    out = run_cli(cli, "check", "--jsonl", "-", "--format", "jsonl", "--fail-on", "never", input=jsonl)
    assert out.returncode == 0, out.stderr
    expected = []
    for line in out.stdout.splitlines():
        doc = json.loads(line)
        del doc["version"]
        expected.append(doc)
    for jobs in (1, 2, 4):
        got = list(engine.check_many(iter(recs), jobs=jobs))
        assert got == expected, f"jobs={jobs}"
    # JSON lines are records too.
    assert list(engine.check_many(jsonl.splitlines(), jobs=2)) == expected


def test_check_many_streams_a_bounded_way_ahead(engine):
    taken = []

    def endless():
        i = 0
        while True:
            taken.append(i)
            yield {"id": str(i), "en": f"{i} patients.", "zh": f"{i}名患者。"}
            i += 1

    stream = engine.check_many(endless(), jobs=2)
    first = [next(stream) for _ in range(5)]
    assert [r["path"] for r in first] == [f"-#{i}" for i in range(5)]
    assert len(taken) < 100, "records are read only a bounded way ahead of the results"


def test_a_bad_record_raises_the_cli_message_or_is_reported(engine, cli):
    recs = [{"id": "a", "en": "One.", "zh": "一。"}, {"id": "b", "en": "x"}, {"id": "c", "page": "p"}]
    jsonl = "".join(json.dumps(r) + "\n" for r in recs)
    out = run_cli(cli, "check", "--jsonl", "-", "--format", "jsonl", input=jsonl)
    assert out.returncode == 2
    cli_message = next(l for l in out.stderr.splitlines() if "no \"zh\"" in l).removeprefix("bitext: ")
    stream = engine.check_many(recs)
    assert next(stream)["path"] == "-#a"
    with pytest.raises(bitext.InputError) as error:
        next(stream)
    assert str(error.value) == cli_message
    reported = list(engine.check_many(recs, errors="report"))
    assert reported[1] == {"path": "-", "error": cli_message}
    assert reported[2]["path"] == "-#c"
    with pytest.raises(TypeError):
        list(engine.check_many([{"id": "x", "en": object(), "zh": "y"}]))


def test_one_engine_serves_many_threads(engine):
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    alone = [engine.check(page=t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda t: engine.check(page=t), texts * 3))
    assert together == alone * 3


def test_the_gil_is_released_while_checking(engine):
    page = PAGES[0].read_text(encoding="utf-8")
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        for _ in range(20):
            engine.check(page=page)
    finally:
        done.set()
        t.join()
    assert len(ticks) > 5


def test_config_and_baseline_apply_as_on_the_command_line(tmp_path, cli):
    page = REPO / "tests" / "fixtures" / "pages" / "changed_digits_zh.txt"
    path = str(page.relative_to(REPO))
    text = page.read_text(encoding="utf-8")
    plain = bitext.Engine().check(page=text, path=path)
    rules = {f["rule"] for f in plain["findings"]}
    assert rules, "the page has findings to turn off"
    rule = sorted(rules)[0]
    config = tmp_path / "bitext.toml"
    config.write_text(f'[rules]\n"{rule}" = "off"\n', encoding="utf-8")
    configured = bitext.Engine(config=str(config)).check(page=text, path=path)
    out = run_cli(cli, "check", "--format", "json", "--fail-on", "never", "--config", str(config), path)
    assert configured == json.loads(out.stdout)["documents"][0]
    assert rule not in {f["rule"] for f in configured["findings"]}

    baseline = tmp_path / "old.json"
    baseline.write_text(run_cli(cli, "check", "--format", "json", "--fail-on", "never", path).stdout)
    # The same page, its path spelled another way: nothing is new.
    renewed = bitext.Engine(baseline=baseline).check(page=text, path="./" + path)
    assert renewed["findings"] == []

    config.write_text("[rules]\n\"number-typo\" = \"off\"\n", encoding="utf-8")
    with pytest.raises(bitext.ConfigError, match="unknown rule `number-typo`"):
        bitext.Engine(config=config)
    with pytest.raises(bitext.ConfigError, match="not a bitext JSON report"):
        bitext.Engine(baseline=config)


def test_rules_name_every_rule_with_its_default_severity():
    rules = {r["id"]: r["severity"] for r in bitext.rules()}
    assert rules["number-mismatch"] == "error"
    assert rules["sentence-omitted"] == "warning"
    assert rules["no-translation"] == "info"
    assert bitext.__version__


def test_model_aligns_as_the_cli_with_embed(cli):
    """`Engine(model=DIR)` is `--embed DIR`; a missing model is a ConfigError naming the file."""
    with pytest.raises(bitext.ConfigError, match="no-such-model/sp.model"):
        bitext.Engine(model="no-such-model")
    model = REPO / "models" / "usem3"
    if not (model / "weights.safetensors").is_file():
        assert not os.environ.get("BITEXT_REQUIRE_MODEL"), f"no model in {model}"
        pytest.skip(f"no model in {model} (scripts/fetch-model.sh)")
    page = PAGES[2]
    path = str(page.relative_to(REPO))
    out = run_cli(cli, "align", "--format", "jsonl", "--quiet", "--embed", str(model), path)
    assert out.returncode == 0, out.stderr
    expected = [json.loads(line) for line in out.stdout.splitlines()]
    got = bitext.Engine(model=model).align(page=page.read_text(encoding="utf-8"), path=path)
    assert got == expected and len(got) > 3
