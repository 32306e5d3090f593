"""`houqin serve`, round 2 (issue #22): freshness, settings, managing inputs and templates,
origin rules and headers, and the page on a phone and from the keyboard.

HTTP cases use Flask's test client on real files; the must-show cases drive the page in
Debian's headless chromium (Selenium + chromedriver), as tests/test_serve.py does.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from helpers import copy_sample, tree_hash

from pipeline.build import build
from pipeline.web import create_app
from pipeline.web.server import serve

ROOT = Path(__file__).resolve().parent.parent
#: Where the screenshots go: the test's temp folder, or docs/pages/ with HOUQIN_PAGES=docs/pages.
PAGES_ENV = "HOUQIN_PAGES"
STALE = "文档是用旧数据生成的，请重新生成"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "ws")


def client_for(workspace: Path, origin: str | None = "http://localhost"):
    client = create_app(workspace).test_client()
    if origin:
        client.environ_base["HTTP_ORIGIN"] = origin
    return client


def post_file(client, url: str, data: bytes, name: str, **kwargs):
    return client.post(url, data={"file": (io.BytesIO(data), name), **kwargs.pop("extra", {})},
                       content_type="multipart/form-data", **kwargs)


def text(response) -> str:
    return response.get_data(as_text=True)


def settings_fields(page: str) -> dict[str, str]:
    """The 设置 form's fields as the page fills them (what a browser would submit)."""
    form = page.split('id="settings-form"')[1].split("</form>")[0]
    values = dict(re.findall(r'name="([a-z_]+\.[a-z_]+)" id="[^"]*" value="([^"]*)"', form))
    for name, body in re.findall(r'<select name="([a-z_.]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'value="([^"]*)" selected', body)
        values[name] = chosen.group(1) if chosen else ""
    return values


# ---- security headers and where a change may come from ------------------------------------


def test_every_response_forbids_framing_and_foreign_sources(workspace: Path) -> None:
    client = client_for(workspace)
    for response in (client.get("/"), client.get("/static/page.js"), client.get("/nowhere"),
                     client.post("/generate", data={"kind": "all"}, headers={"Origin": "http://evil.example"})):
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'; default-src 'self'"
    page = text(client.get("/"))
    assert "<script>" not in page and "style=" not in page and " on" + "click=" not in page  # nothing inline


@pytest.mark.parametrize(("headers", "allowed"), [
    ({"Origin": "http://localhost"}, True),
    ({"Origin": "http://localhost:80"}, True),
    ({"Origin": "https://localhost"}, False),  # another scheme
    ({"Origin": "http://localhost:8766"}, False),  # another port
    ({"Origin": "http://evil.example"}, False),
    ({"Origin": "null"}, False),
    ({"Referer": "http://localhost/#inputs"}, True),  # no Origin: the Referer decides
    ({"Referer": "http://evil.example/page"}, False),
    ({"Referer": "https://localhost/"}, False),
    ({}, False),  # neither, and no form token
])
def test_a_change_needs_this_page_as_its_origin(workspace: Path, headers: dict[str, str], allowed: bool) -> None:
    client = client_for(workspace, origin=None)
    before = tree_hash(workspace)
    data = (ROOT / "inputs" / "工作清单.xlsx").read_bytes()
    response = post_file(client, "/inputs/演练记录", data, "演练记录.xlsx", headers=headers)
    if allowed:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
        assert "拒绝来自其他网页的提交" in text(response)
        assert tree_hash(workspace) == before


def test_the_pages_form_token_stands_in_for_a_missing_origin(workspace: Path) -> None:
    client = client_for(workspace, origin=None)
    page = text(client.get("/"))
    token = re.search(r'name="_form" value="([^"]+)"', page).group(1)
    data = (ROOT / "inputs" / "工作清单.xlsx").read_bytes()
    assert post_file(client, "/inputs/工作清单", data, "工作清单.xlsx", extra={"_form": "forged"}).status_code == 403
    assert post_file(client, "/inputs/工作清单", data, "工作清单.xlsx", extra={"_form": token}).status_code == 302
    other = client_for(workspace, origin=None)  # another browser session: the token is not its own
    assert post_file(other, "/inputs/工作清单", data, "工作清单.xlsx", extra={"_form": token}).status_code == 403


def get_urls(app, workspace: Path) -> list[str]:
    """One URL for every GET route of the page, with real arguments."""
    from pipeline.web.app import doc_id

    listed = sorted(p.relative_to(workspace / "outputs").as_posix() for p in (workspace / "outputs").rglob("*.docx"))
    args = {"stem": "演练记录", "name": "安全工作责任书.docx", "ident": doc_id(listed[0]), "filename": "page.css"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {k: args[k] for k in rule.arguments}
        if rule.endpoint == "text":
            values["name"] = "学期计划.md"
        urls.append(rule.build(values)[1])
    return urls


@pytest.mark.slow  # builds the whole sample, then hashes the workspace around every page
def test_no_get_request_writes_anything(workspace: Path) -> None:
    build(workspace)
    (workspace / "templates").mkdir(exist_ok=True)
    client = client_for(workspace)
    urls = get_urls(client.application, workspace)
    assert {"/", "/check", "/progress", "/blank/演练记录", "/texts/学期计划.md"} <= {unquote(u) for u in urls}
    for url in urls:
        before = tree_hash(workspace)
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert tree_hash(workspace) == before, url


# ---- freshness ---------------------------------------------------------------------------


@pytest.mark.slow  # generates the whole sample through the page
def test_documents_say_when_they_were_made_and_when_they_are_stale(workspace: Path) -> None:
    client = client_for(workspace)
    client.post("/generate", data={"kind": "all"})
    client.application.extensions["houqin"].wait(120)
    page = text(client.get("/"))
    assert "生成全部文档完成：写入" in page and "与现在的表格、模板和设置一致" in page and STALE not in page
    # The same workbook saved again is no change.
    same = (workspace / "inputs" / "工作清单.xlsx").read_bytes()
    post_file(client, "/inputs/工作清单", same, "工作清单.xlsx")
    assert STALE not in text(client.get("/"))
    # A changed one is; the last generation's green summary goes, the download says so.
    book = openpyxl.load_workbook(workspace / "inputs" / "演练记录.xlsx")
    book.active["A4"] = "下周三"
    changed = io.BytesIO()
    book.save(changed)
    post_file(client, "/inputs/演练记录", changed.getvalue(), "演练记录.xlsx")
    page = text(client.get("/check"))
    assert 'id="job-result"' not in page and "写入" not in page.split('id="generate"')[1].split("</section>")[0]
    stale = page.split('id="stale"')[1].split("</p>")[0]
    assert STALE in stale and "演练记录.xlsx" in stale
    assert "旧数据生成，请先重新生成" in page.split('id="download-zip"')[1].split("</a>")[0]
    # Settings and templates count too.
    client.post("/generate", data={"kind": "drills"})
    client.application.extensions["houqin"].wait(60)
    assert STALE in text(client.get("/"))  # 演练记录 is broken: nothing was generated
    (workspace / "templates").mkdir(exist_ok=True)
    shutil.copy(ROOT / "templates" / "安全工作责任书.docx", workspace / "templates" / "安全工作责任书.docx")
    assert "模板 安全工作责任书.docx" in text(client.get("/")).split('id="stale"')[1].split("</p>")[0]


def test_progress_says_which_step_of_how_many() -> None:
    from pipeline.web.jobs import Job

    job = Job("全部文档", steps=("检查表格和模板", "生成文档", "转换 PDF"))
    assert job.as_json()["step"] == "第 1 步，共 3 步：检查表格和模板"
    job.phase = "pdf"
    assert job.as_json()["step"] == "第 3 步，共 3 步：转换 PDF"
    assert Job("安全工作责任书", phase="render").step == "第 2 步，共 2 步：生成文档"


# ---- settings ------------------------------------------------------------------------------


def test_settings_are_checked_like_check_and_keep_the_files_comments(workspace: Path) -> None:
    client = client_for(workspace)
    fields = settings_fields(text(client.get("/")))
    assert fields["school.name"] == "常州市新北区薛家实验小学" and fields["term.term"] == "2"
    assert fields["appraisal.items"].startswith("职业道德=20、")
    before = (workspace / "houqin.toml").read_bytes()
    wrong = {**fields, "appraisal.excellent_quota": "2", "hazards.half_month_split": "十五"}
    response = client.post("/settings", data=wrong)
    assert response.status_code == 400
    page = text(response)
    assert "设置没有保存" in page
    quota = page.split('id="appraisal.excellent_quota"')[1].split("</div>")[0]
    assert "优秀比例（0.2 表示 20%）应大于 0、不超过 1" in quota
    assert "应为整数" in page.split('id="hazards.half_month_split"')[1].split("</div>")[0]
    assert (workspace / "houqin.toml").read_bytes() == before

    good = {**fields, "school.name": "阳光实验小学", "drills.target_seconds": "90", "school.campuses": ""}
    assert client.post("/settings", data=good).status_code == 302
    saved = (workspace / "houqin.toml").read_text(encoding="utf-8")
    assert 'name = "阳光实验小学"    # 学校名称，出现在每份文档的页眉和标题里' in saved
    assert "target_seconds = 90         # 疏散目标用时（秒）" in saved
    assert "campuses" not in saved and "# houqin 设置文件。" in saved
    assert "设置已保存到 houqin.toml" in text(client.get("/"))
    assert run_check(workspace) == 0


def run_check(workspace: Path) -> int:
    from helpers import run_cli

    return run_cli("check", "-w", workspace, "-q").exit_code


# ---- inputs and templates ---------------------------------------------------------------------


def test_text_named_xlsx_is_refused_and_the_workbook_kept(workspace: Path) -> None:
    client = client_for(workspace)
    before = tree_hash(workspace)
    response = post_file(client, "/inputs/固定资产", "编号,名称\nA1,桌子\n".encode(), "固定资产.xlsx")
    assert response.status_code == 400
    assert "「固定资产.xlsx」的文件名是 .xlsx，内容却是文本" in text(response)
    assert tree_hash(workspace) == before


def test_a_csv_replacing_a_workbook_puts_the_workbook_aside(workspace: Path) -> None:
    client = client_for(workspace)
    workbook = (workspace / "inputs" / "工作清单.xlsx").read_bytes()
    assert post_file(client, "/inputs/工作清单", "时间,事项,责任人\n2月,开学检查,吴建华\n".encode(),
                     "清单.csv").status_code == 302
    assert (workspace / "inputs" / "已删除" / "工作清单.xlsx").read_bytes() == workbook
    assert "原来的 工作清单.xlsx 已移到 inputs/已删除/" in text(client.get("/check"))


def test_a_name_with_dots_inside_is_a_plain_name(workspace: Path) -> None:
    client = client_for(workspace)
    data = (ROOT / "inputs" / "演练记录.xlsx").read_bytes()
    assert post_file(client, "/inputs/演练记录", data, "演练..记录.xlsx").status_code == 302


def test_remove_and_restore_an_input_and_a_template(workspace: Path) -> None:
    client = client_for(workspace)
    data = (workspace / "inputs" / "演练记录.xlsx").read_bytes()
    assert client.post("/inputs/演练记录/remove").status_code == 302
    assert not (workspace / "inputs" / "演练记录.xlsx").exists()
    assert (workspace / "inputs" / "已删除" / "演练记录.xlsx").read_bytes() == data
    row = text(client.get("/")).split('data-stem="演练记录"')[1].split("</tr>")[0]
    assert "未提供" in row and "恢复已删除的 演练记录.xlsx" in row
    assert client.post("/inputs/演练记录/restore").status_code == 302
    assert (workspace / "inputs" / "演练记录.xlsx").read_bytes() == data
    assert client.post("/inputs/houqin/remove").status_code == 404

    (workspace / "templates").mkdir(exist_ok=True)
    mine = workspace / "templates" / "安全工作责任书.docx"
    shutil.copy(ROOT / "templates" / "安全工作责任书.docx", mine)
    assert client.post("/templates/安全工作责任书.docx/restore").status_code == 302
    assert not mine.exists() and (workspace / "templates" / "已替换" / "安全工作责任书.docx").is_file()
    assert client.post("/templates/..%2Fhouqin.toml/restore").status_code == 404


def test_a_roster_before_its_staff_list_says_the_staff_list_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "新学期"
    folder.mkdir()
    client = client_for(folder)
    client.post("/init", data={"school.name": "阳光小学", "term.year": "2021—2022", "term.term": "2"})
    book = openpyxl.load_workbook(ROOT / "inputs" / "值日安排.xlsx")  # the real school's names
    data = io.BytesIO()
    book.save(data)
    post_file(client, "/inputs/值日安排", data.getvalue(), "值日安排.xlsx")
    page = text(client.get("/check"))
    said = page.split('id="staff-missing"')[1].split("</p>")[0]
    assert "先上传员工名单" in said and "员工考核.xlsx 还是新建工作区时的示例数据" in said
    assert "不在" not in page.split('id="check"')[1].split("</section>")[0].split('id="staff-missing"')[0]


def test_period_date_and_year_are_chosen_on_the_page(workspace: Path) -> None:
    client = client_for(workspace)
    page = text(client.get("/"))
    assert "期间（安全隐患排查" in page and "年度（" in page
    response = client.post("/generate", data={"kind": "hazards", "date": "下周三"})
    assert response.status_code == 400 and "无法识别的报告日期「下周三」" in text(response)
    client.post("/generate", data={"kind": "hazards", "period": "2022-03-1"})
    client.application.extensions["houqin"].wait(60)
    made = [p.name for p in (workspace / "outputs").rglob("*.docx")]
    assert made and all("2022" in name for name in made)
    assert client.get("/progress").get_json()["ok"] is True


# ---- the must-show cases in a real browser ---------------------------------------------------


@pytest.fixture
def page(chromium: tuple[str, str], workspace: Path, monkeypatch: pytest.MonkeyPatch):
    """The page served for the workspace, opened in headless chromium: (browser, wait, url)."""
    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium fetch a driver or a browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    served = serve(workspace, "127.0.0.1", 0)
    threading.Thread(target=served.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1000",
                "--lang=zh-CN", "--hide-scrollbars"):
        options.add_argument(arg)
    browser = webdriver.Chrome(options=options, service=Service(chromium[1]))
    try:
        yield browser, WebDriverWait(browser, 60), served.url
    finally:
        browser.quit()
        served.shutdown()


def by(kind: str, value: str):
    from selenium.webdriver.common.by import By

    return (getattr(By, kind), value)


def pages(tmp_path: Path) -> Path:
    chosen = os.environ.get(PAGES_ENV)
    return ROOT / chosen if chosen else tmp_path / "pages"


def section_shot(browser, section: str, target: Path) -> None:
    """A screenshot of one section of the page, kept small (indexed colours)."""
    from PIL import Image

    element = browser.find_element(*by("ID", section))
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'});", element)
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(io.BytesIO(element.screenshot_as_png)) as shot:
        shot.convert("RGB").quantize(64).save(target, optimize=True)


@pytest.mark.browser
def test_stale_message_after_a_new_upload_in_chromium(page, workspace: Path, tmp_path: Path) -> None:
    from selenium.webdriver.support import expected_conditions as ec

    browser, wait, url = page
    build(workspace)
    browser.get(url)
    made = wait.until(ec.presence_of_element_located(by("ID", "made")))
    assert "与现在的表格、模板和设置一致" in made.text and not browser.find_elements(*by("ID", "stale"))

    book = openpyxl.load_workbook(workspace / "inputs" / "隐患排查.xlsx")
    book.active["D4"] = "三楼走廊灭火器压力不足（复查）"
    newer = tmp_path / "隐患排查.xlsx"
    book.save(newer)
    browser.find_element(*by("ID", "file-隐患排查")).send_keys(str(newer))
    stale = wait.until(ec.presence_of_element_located(by("ID", "stale")))
    assert STALE in stale.text and "隐患排查.xlsx" in stale.text
    assert STALE in browser.find_element(*by("ID", "stale-generate")).text
    assert "旧数据生成，请先重新生成" in browser.find_element(*by("ID", "download-zip")).text
    # The upload's confirmation is where the page landed, and has the keyboard focus.
    focused = browser.execute_script("return document.activeElement.id")
    assert focused == "check-messages"
    assert "已上传「隐患排查.xlsx」" in browser.find_element(*by("ID", "check-messages")).text
    assert browser.find_element(*by("ID", "check-messages")).get_attribute("aria-live") == "polite"
    browser.set_window_size(900, 1000)
    section_shot(browser, "documents", pages(tmp_path) / "web-stale.png")


@pytest.mark.browser
def test_settings_form_saves_into_houqin_toml_in_chromium(page, workspace: Path, tmp_path: Path) -> None:
    from selenium.webdriver.support import expected_conditions as ec

    browser, wait, url = page
    browser.get(url)
    name = wait.until(ec.presence_of_element_located(by("ID", "school.name")))
    assert name.get_attribute("value") == "常州市新北区薛家实验小学"
    name.clear()
    name.send_keys("常州市新北区阳光实验小学")
    quota = browser.find_element(*by("ID", "appraisal.excellent_quota"))
    quota.clear()
    quota.send_keys("1.5")
    browser.find_element(*by("ID", "save-settings")).click()
    problem = wait.until(ec.presence_of_element_located(by("ID", "appraisal.excellent_quota-problem")))
    assert "优秀比例（0.2 表示 20%）应大于 0、不超过 1" in problem.text
    assert "薛家实验小学" in (workspace / "houqin.toml").read_text(encoding="utf-8")  # nothing saved
    quota = browser.find_element(*by("ID", "appraisal.excellent_quota"))
    assert quota.get_attribute("value") == "1.5"  # what was typed is still there to correct
    quota.clear()
    quota.send_keys("0.2")
    browser.find_element(*by("ID", "save-settings")).click()
    wait.until(ec.text_to_be_present_in_element(by("ID", "settings-messages"), "设置已保存到 houqin.toml"))
    saved = (workspace / "houqin.toml").read_text(encoding="utf-8")
    assert 'name = "常州市新北区阳光实验小学"    # 学校名称，出现在每份文档的页眉和标题里' in saved
    assert "# houqin 设置文件。每一项都可以不填" in saved and "# 1 = 第一学期，2 = 第二学期" in saved
    assert "常州市新北区阳光实验小学" in browser.find_element(*by("TAG_NAME", "header")).text
    browser.set_window_size(900, 2400)
    section_shot(browser, "settings", pages(tmp_path) / "web-settings.png")


@pytest.mark.browser
def test_inputs_and_templates_managed_in_chromium(page, workspace: Path, tmp_path: Path) -> None:
    from selenium.webdriver.support import expected_conditions as ec

    browser, wait, url = page
    (workspace / "templates").mkdir(exist_ok=True)
    mine = workspace / "templates" / "安全工作责任书.docx"
    edited = docx.Document(str(ROOT / "templates" / "安全工作责任书.docx"))
    edited.add_paragraph("本校补充条款。")  # an edited copy: one identical to the built-in is no override
    edited.save(str(mine))
    browser.get(url)

    # Restore the built-in template: the workspace's copy is moved aside, not deleted.
    wait.until(ec.element_to_be_clickable(by("ID", "restore-template-安全工作责任书.docx"))).click()
    wait.until(ec.text_to_be_present_in_element(by("ID", "templates-messages"), "已恢复内置模板 安全工作责任书.docx"))
    assert not mine.exists() and (workspace / "templates" / "已替换" / "安全工作责任书.docx").is_file()
    row = browser.find_element(*by("CSS_SELECTOR", 'tr[data-template="安全工作责任书.docx"]'))
    assert "内置模板" in row.text

    # Remove an input, then restore it.
    drills = (workspace / "inputs" / "演练记录.xlsx").read_bytes()
    browser.find_element(*by("ID", "remove-演练记录")).click()
    wait.until(ec.text_to_be_present_in_element(by("ID", "inputs-messages"), "已删除 演练记录.xlsx"))
    assert "未提供" in browser.find_element(*by("CSS_SELECTOR", 'tr[data-stem="演练记录"]')).text
    assert (workspace / "inputs" / "已删除" / "演练记录.xlsx").read_bytes() == drills
    browser.find_element(*by("ID", "restore-演练记录")).click()
    wait.until(ec.text_to_be_present_in_element(by("ID", "inputs-messages"), "已恢复 inputs/演练记录.xlsx"))
    assert (workspace / "inputs" / "演练记录.xlsx").read_bytes() == drills
    assert "✔ 演练记录.xlsx" in browser.find_element(*by("CSS_SELECTOR", 'tr[data-stem="演练记录"]')).text

    # A text file named .xlsx is refused; the real workbook stays.
    assets = (workspace / "inputs" / "固定资产.xlsx").read_bytes()
    fake = tmp_path / "固定资产.xlsx"
    fake.write_text("资产编号,资产名称\nA001,课桌\n", encoding="utf-8")
    before = tree_hash(workspace)
    browser.find_element(*by("ID", "file-固定资产")).send_keys(str(fake))
    notice = wait.until(ec.presence_of_element_located(by("ID", "notice")))
    assert "「固定资产.xlsx」的文件名是 .xlsx，内容却是文本" in notice.text
    assert browser.execute_script("return document.activeElement.id") == "inputs-messages"
    assert (workspace / "inputs" / "固定资产.xlsx").read_bytes() == assets
    assert not (workspace / "inputs" / "固定资产.csv").exists() and tree_hash(workspace) == before


@pytest.mark.browser
def test_phone_width_and_keyboard_focus_in_chromium(page, workspace: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec

    browser, wait, url = page
    build(workspace)
    browser.get(url)
    # Keyboard: tabbing reaches the first table's file input; its drop zone shows the focus.
    wait.until(ec.presence_of_element_located(by("ID", "file-隐患排查")))
    body = browser.find_element(*by("TAG_NAME", "body"))
    body.send_keys(Keys.TAB)
    for _ in range(40):
        if browser.execute_script("return document.activeElement.type") == "file":
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("aria-label") == "上传 隐患排查.xlsx"
    zone = browser.execute_script("const s = getComputedStyle(document.activeElement.closest('.drop'));"
                                  "return [s.outlineStyle, s.outlineWidth]")
    assert zone == ["solid", "3px"]
    labels = browser.execute_script(
        "return [...document.querySelectorAll('input[type=file]')].map(e => e.getAttribute('aria-label'))")
    assert len(set(labels)) == len(labels) and "上传 学期计划.md" in labels

    # The PDF / 覆盖 ticks are remembered by this browser.
    browser.find_element(*by("CSS_SELECTOR", "input[data-remember=houqin-force]")).click()
    browser.get(url)
    assert wait.until(ec.presence_of_element_located(by("CSS_SELECTOR", "input[name=force]"))).is_selected()
    assert not browser.find_element(*by("CSS_SELECTOR", "input[name=pdf]")).is_selected()

    # A phone, 390 × 844: no sideways scrolling, also with a problem table and the documents listed.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    book = openpyxl.load_workbook(ROOT / "inputs" / "演练记录.xlsx")
    book.active["A4"] = "下周三"
    broken = tmp_path / "演练记录.xlsx"
    book.save(broken)
    browser.find_element(*by("ID", "file-演练记录")).send_keys(str(broken))
    wait.until(ec.presence_of_element_located(by("ID", "problems")))
    for _ in range(2):
        width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= 390 and width[1] == 390, width
        browser.get(url)
        wait.until(ec.presence_of_element_located(by("ID", "settings-form")))
