"""`houqin serve`: the page calls the package and refuses what it must.

The safety cases use Flask's test client against real files; the must-show flow drives the
page in a real headless Chromium (Debian's chromium + chromedriver, through Selenium),
saving screenshots in the test's temp folder (kept as CI artefacts).
"""

from __future__ import annotations

import base64
import io
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import docx
import openpyxl
import pytest
from helpers import copy_sample, docx_text, run_cli, tree_hash

from pipeline.errors import file_in_use
from pipeline.web import create_app
from pipeline.web.server import serve

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def broken_drills(target: Path) -> Path:
    """The sample's drill record with an impossible date in Excel row 4 (演练日期)."""
    book = openpyxl.load_workbook(ROOT / "inputs" / "演练记录.xlsx")
    book.active["A4"] = "下周三"
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "ws")


@pytest.fixture
def client(workspace: Path):
    return page_client(workspace)


def page_client(workspace: Path, **kwargs):
    """A test client posting as the page itself does in a browser (with its Origin)."""
    client = create_app(workspace, **kwargs).test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    return client


def post_file(client, url: str, data: bytes, name: str, **kwargs):
    return client.post(url, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data", **kwargs)


def text(response) -> str:
    return response.get_data(as_text=True)


# ---- the page ------------------------------------------------------------------------------


def test_page_shows_inputs_families_and_templates(client, workspace: Path) -> None:
    page = text(client.get("/"))
    for stem in ("隐患排查", "演练记录", "值日安排", "固定资产", "工作清单", "员工考核"):
        assert f'data-stem="{stem}"' in page
    assert "✔ 演练记录.xlsx" in page
    assert "生成全部" in page and ">安全工作责任书</button>" in page
    assert "安全工作责任书.docx" in page
    assert "常州市新北区薛家实验小学" in page
    assert "还没有生成文档" in page


def test_missing_input_is_shown_as_missing(client, workspace: Path) -> None:
    (workspace / "inputs" / "固定资产.xlsx").unlink()
    page = text(client.get("/"))
    row = page.split('data-stem="固定资产"')[1].split("</tr>")[0]
    assert "未提供" in row


def test_an_empty_folder_becomes_a_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "新学期"
    folder.mkdir()
    client = page_client(folder)
    assert "这个文件夹还不是 houqin 工作区" in text(client.get("/"))
    response = client.post("/init", data={"school.name": ""})
    assert response.status_code == 400 and "请填写学校名称" in text(response)
    assert not any(folder.iterdir())
    asked = {"school.name": "阳光小学", "term.year": "2025-2026", "term.term": "1"}
    response = client.post("/init", data=asked)
    assert response.status_code == 302
    assert (folder / "houqin.toml").is_file() and (folder / "inputs" / "演练记录.xlsx").is_file()
    settings = (folder / "houqin.toml").read_text(encoding="utf-8")
    assert 'name = "阳光小学"' in settings and 'year = "2025—2026"' in settings and "吴建华" not in settings
    assert "# 学校名称" in settings  # the sample file's explanations are kept
    page = text(client.get("/"))
    from pipeline.reading.inputs import ALL_INPUTS

    books = len(ALL_INPUTS)  # one sample workbook per input
    assert f"已新建工作区：houqin.toml 和 {books} 张示例表格" in page and "还不是 houqin 工作区" not in page
    row = page.split('data-stem="演练记录"')[1].split("</tr>")[0]
    assert "示例数据" in row
    before = tree_hash(folder)
    response = client.post("/init", data=asked)
    assert response.status_code == 400 and "为免覆盖，未做任何改动" in text(response)
    assert tree_hash(folder) == before


# ---- uploads: accepted by content, refused otherwise ---------------------------------------


def test_upload_broken_workbook_shows_located_problem(client, workspace: Path, tmp_path: Path) -> None:
    data = broken_drills(tmp_path / "up" / "演练记录.xlsx").read_bytes()
    response = post_file(client, "/inputs/演练记录", data, "演练记录（改）.xlsx")
    assert response.status_code == 302 and response.headers["Location"].startswith("/check")
    assert (workspace / "inputs" / "演练记录.xlsx").read_bytes() == data
    page = text(client.get("/check"))
    assert "已上传「演练记录（改）.xlsx」，保存为 inputs/演练记录.xlsx" in page
    table = page.split('id="problems"')[1].split("</table>")[0]
    assert '<td data-label="文件">演练记录.xlsx</td>' in table
    assert '<td data-label="工作表">演练记录</td>' in table
    assert "第4行" in table and '<td data-label="列">演练日期</td>' in table and "下周三" in table


def test_upload_csv_replaces_the_workbook(client, workspace: Path) -> None:
    csv_text = "时间,事项,责任人\n2月,开学安全检查,吴建华\n"
    response = post_file(client, "/inputs/工作清单", csv_text.encode("gb18030"), "清单.csv")
    assert response.status_code == 302
    assert (workspace / "inputs" / "工作清单.csv").read_bytes() == csv_text.encode("gb18030")
    assert not (workspace / "inputs" / "工作清单.xlsx").exists()


@pytest.mark.parametrize(("data", "said"), [
    (None, "上传的文件内容是Word 文档，不是Excel 工作簿（.xlsx、.xls）、.ods 或 CSV 文本"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "上传的文件内容是无法识别的文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "这是旧版 Excel（.xls）"),
    (b"PK\x03\x04 not really a zip", "上传的文件内容是无法识别的文件"),
    ("时间,事项\x07\x1b[0m".encode() * 20, "上传的文件内容是无法识别的文件"),
    (b"", "文件是空的"),
])
def test_upload_of_wrong_type_is_refused(client, workspace: Path, data: bytes | None, said: str) -> None:
    if data is None:
        data = (ROOT / "templates" / "安全工作责任书.docx").read_bytes()
    before = tree_hash(workspace)
    response = post_file(client, "/inputs/演练记录", data, "演练记录.xlsx")
    assert response.status_code == 400
    assert f"演练记录：{said}" in text(response)
    assert tree_hash(workspace) == before


def test_oversize_upload_is_refused(client, workspace: Path) -> None:
    before = tree_hash(workspace)
    big = (ROOT / "inputs" / "演练记录.xlsx").read_bytes() + b"\x00" * (21 * 1024 * 1024)
    response = post_file(client, "/inputs/演练记录", big, "演练记录.xlsx")
    assert response.status_code == 413
    assert "文件太大（超过 20 MB），已拒绝" in text(response)
    assert tree_hash(workspace) == before


@pytest.mark.parametrize("name", [
    "../../houqin.toml", "..\\..\\演练记录.xlsx", "C:\\Users\\后勤\\演练记录.xlsx", "/etc/演练记录.xlsx",
    "inputs/演练记录.xlsx", "..", ".",
])
def test_path_in_file_name_is_refused(client, workspace: Path, tmp_path: Path, name: str) -> None:
    data = (ROOT / "inputs" / "演练记录.xlsx").read_bytes()
    before, outside = tree_hash(workspace), tree_hash(tmp_path)
    response = post_file(client, "/inputs/演练记录", data, name)
    assert response.status_code == 400
    assert "中含有路径，已拒绝" in text(response)
    assert tree_hash(workspace) == before and tree_hash(tmp_path) == outside


def test_plan_and_summary_texts_upload_and_download(client, workspace: Path) -> None:
    body = "# 工作目标\n建机制，化常态，守护校园安全。\n".encode("gb18030")
    response = post_file(client, "/texts/学期计划.md", body, "计划.txt")
    assert response.status_code == 302
    assert (workspace / "inputs" / "学期计划.md").read_bytes() == body
    assert client.get("/texts/学期计划.md").data == body
    page = text(client.get("/"))
    assert "已上传「计划.txt」，保存为 inputs/学期计划.md。" in page and 'data-text="学期总结.md"' in page
    workbook = (ROOT / "inputs" / "演练记录.xlsx").read_bytes()
    response = post_file(client, "/texts/学期总结.md", workbook, "总结.md")
    assert response.status_code == 400
    assert "学期总结.md：上传的文件内容是Excel 工作簿，不是纯文本" in text(response)
    assert post_file(client, "/texts/houqin.toml", body, "a.md").status_code == 404
    assert client.get("/texts/houqin.toml").status_code == 404


def test_notepad_unicode_plan_uploaded_is_the_plan_generated(client, workspace: Path) -> None:
    """Notepad's "Unicode" (UTF-16 with a BOM, CRLF): accepted by the page and read by the plan."""
    body = "\ufeff# 工作目标\r\n建机制，化常态，守护校园安全。\r\n".encode("utf-16-le")
    assert post_file(client, "/texts/学期计划.md", body, "计划.txt").status_code == 302
    client.post("/generate", data={"kind": "plan"})
    client.application.extensions["houqin"].wait(60)
    assert client.get("/progress").get_json()["ok"] is True
    [plan] = (workspace / "outputs").glob("*计划*.docx")
    shown = docx_text(plan)
    assert "一、工作目标" in shown and "建机制，化常态，守护校园安全。" in shown
    assert "无法识别编码" not in text(client.get("/"))


def test_only_declared_inputs_and_known_templates_take_uploads(client, workspace: Path) -> None:
    data = (ROOT / "inputs" / "演练记录.xlsx").read_bytes()
    before = tree_hash(workspace)
    for url in ("/inputs/houqin", "/inputs/..%2Fhouqin.toml", "/templates/evil.docx", "/templates/..%2F..%2Fx.docx"):
        assert post_file(client, url, data, "a.xlsx").status_code == 404, url
    assert tree_hash(workspace) == before


def test_uploaded_template_is_linted_before_it_is_accepted(client, workspace: Path, tmp_path: Path) -> None:
    name = "安全工作责任书.docx"
    document = docx.Document(str(ROOT / "templates" / name))
    document.add_paragraph("签名：{{ nmae }}")
    broken = tmp_path / "broken.docx"
    document.save(str(broken))
    response = post_file(client, f"/templates/{name}", broken.read_bytes(), "我的责任书.docx")
    assert response.status_code == 400
    page = text(response)
    assert "模板「我的责任书.docx」没有通过检查，未启用" in page
    assert "nmae" in page.split('id="template-problems"')[1].split("</table>")[0]
    assert not (workspace / "templates" / name).exists()

    good = (ROOT / "templates" / name).read_bytes()
    response = post_file(client, f"/templates/{name}", good, "我的责任书.docx")
    assert response.status_code == 302
    assert (workspace / "templates" / name).read_bytes() == good
    assert f"模板已通过检查并启用：templates/{name}" in text(client.get("/"))

    catalogue = (ROOT / "templates" / "目录.docx").read_bytes()  # the build's own template too
    assert post_file(client, "/templates/目录.docx", catalogue, "目录.docx").status_code == 302
    assert (workspace / "templates" / "目录.docx").read_bytes() == catalogue

    workbook = (ROOT / "inputs" / "演练记录.xlsx").read_bytes()
    response = post_file(client, f"/templates/{name}", workbook, name)
    assert response.status_code == 400 and "不是Word 文档（.docx）" in text(response)


# ---- safety: loopback only, or a token --------------------------------------------------------


def test_loopback_page_refuses_other_hosts_and_foreign_posts(client, workspace: Path) -> None:
    response = client.get("/", headers={"Host": "evil.example:8765"})
    assert response.status_code == 403 and "本页只接受本机访问" in text(response)
    before = tree_hash(workspace)
    data = (ROOT / "inputs" / "演练记录.xlsx").read_bytes()
    for origin in ("http://evil.example", "null", "http://localhost:9999"):
        response = post_file(client, "/inputs/演练记录", data, "演练记录.xlsx", headers={"Origin": origin})
        assert response.status_code == 403 and "拒绝来自其他网页的提交" in text(response)
    assert client.post("/generate", data={"kind": "all"}, headers={"Origin": "null"}).status_code == 403
    assert tree_hash(workspace) == before


def test_token_is_required_on_every_request_when_not_on_loopback(workspace: Path) -> None:
    client = page_client(workspace, token="s3cret-token")
    data = (ROOT / "inputs" / "演练记录.xlsx").read_bytes()
    before = tree_hash(workspace)
    for response in (
        client.get("/", headers={"Host": "192.168.1.20:8765"}),
        client.get("/?token=wrong"),
        client.get("/check"),
        client.get("/package"),
        client.get("/blank/演练记录"),
        client.get("/static/page.js"),
        post_file(client, "/inputs/演练记录", data, "演练记录.xlsx"),
        client.post("/generate", data={"kind": "all"}),
    ):
        assert response.status_code == 403
        assert "需要访问口令" in text(response)
    assert tree_hash(workspace) == before

    response = client.get("/?token=s3cret-token", headers={"Host": "192.168.1.20:8765"})
    assert response.status_code == 302 and "token" not in response.headers["Location"]
    assert "houqin_token=s3cret-token" in response.headers["Set-Cookie"]
    assert client.get("/", headers={"Host": "192.168.1.20:8765"}).status_code == 200


def test_serving_off_loopback_makes_a_token(workspace: Path) -> None:
    served = serve(workspace, "0.0.0.0", 0)
    try:
        assert served.token and len(served.token) >= 20
        assert served.url.endswith(f":{served.server.port}/?token={served.token}")
    finally:
        served.shutdown()
    served = serve(workspace, "127.0.0.1", 0)
    try:
        assert served.token is None and served.url == f"http://127.0.0.1:{served.server.port}/"
    finally:
        served.shutdown()


def test_cli_serve_says_when_the_port_is_taken(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "-w", workspace, "--port", port, "--no-browser")
    assert result.exit_code == 1
    assert f"错误：无法在 127.0.0.1:{port} 上启动网页" in result.output
    assert "请用 --port 换一个端口" in result.output


# ---- generation and downloads ---------------------------------------------------------------


def test_second_generation_while_one_runs_is_refused(client, workspace: Path) -> None:
    runner = client.application.extensions["houqin"]
    release = threading.Event()
    runner.start("全部文档", lambda progress: release.wait(10))
    try:
        response = client.post("/generate", data={"kind": "letters"})
        assert response.status_code == 409
        assert "正在生成全部文档，请等它完成后再试。" in text(response)
        data = (ROOT / "inputs" / "演练记录.xlsx").read_bytes()
        response = post_file(client, "/inputs/演练记录", data, "演练记录.xlsx")
        assert response.status_code == 409 and "正在生成文档，请等它完成后再上传。" in text(response)
        assert client.get("/progress").get_json()["running"] is True
    finally:
        release.set()
        runner.wait(10)
    assert client.get("/progress").get_json()["running"] is False


def test_a_file_held_open_in_excel_is_named_the_same_way_everywhere(workspace: Path, capsys) -> None:
    """Windows' PermissionError for a file Excel/WPS holds open: one message, from a
    generation in the background and from a request, as the command line prints it."""
    said = "无法写入或读取「学期计划.docx」：文件可能正在 Excel/WPS/Word 中打开，请关闭后重试。"
    held = str(workspace / "outputs" / "学期计划.docx")
    assert file_in_use(r"C:\学校\outputs\学期计划.docx") == said
    assert file_in_use(None) == "无法写入或读取文件：文件可能正在 Excel/WPS/Word 中打开，请关闭后重试。"

    def refused(*args: object) -> None:
        err = PermissionError(13, "The process cannot access the file", held)
        err.winerror = 32  # ERROR_SHARING_VIOLATION: only this is "open in Excel" (a folder's refusal is not)
        raise err

    app = create_app(workspace)
    app.add_url_rule("/held", "held", refused)
    client = app.test_client()
    response = client.get("/held")
    assert response.status_code == 409 and said in text(response)
    runner = app.extensions["houqin"]
    runner.start("全部文档", refused)
    runner.wait(10)
    assert runner.job.failure == said
    assert client.get("/progress").get_json()["ok"] is False
    import cli

    with pytest.raises(SystemExit) as exited:
        cli.handles_errors(refused)()
    assert exited.value.code == 1
    assert capsys.readouterr().err == f"错误：{said}\n"


@pytest.mark.slow
def test_generate_all_then_download_documents_and_the_package(client, workspace: Path) -> None:
    response = client.post("/generate", data={"kind": "all"})
    assert response.status_code == 302
    runner = client.application.extensions["houqin"]
    runner.wait(120)
    state = client.get("/progress").get_json()
    assert state["ok"] is True and state["done"] == state["total"] > 0
    page = text(client.get("/"))
    assert "生成全部文档完成：写入" in page
    links = [part.split('"')[0] for part in page.split('class="doc" href="')[1:]]
    assert len(links) == state["total"] + 2  # and the 目录 (.docx, .xlsx)
    assert "目录.docx" in page
    letter = next(link for link, part in zip(links, page.split('class="doc" href="')[1:], strict=True)
                  if "安全工作责任书/" in part.split("</a>")[0] and ".docx" in part.split("</a>")[0])
    response = client.get(letter)
    assert response.status_code == 200
    assert "安全工作责任书" in docx_text_of(response.data)

    response = client.post("/package")
    assert response.status_code == 200
    assert "检查材料.zip" in unquote(response.headers["Content-Disposition"])
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert len(names) == len(links)
        first = next(n for n in names if n.endswith(".docx"))
        assert docx_text_of(archive.read(first)).strip()
    assert client.get("/documents/0000000000000000").status_code == 404
    assert client.get("/documents/..%2Fhouqin.toml").status_code == 404


@pytest.mark.slow
def test_without_a_term_the_package_is_named_from_the_last_build_not_the_data(workspace: Path) -> None:
    """No [term] in houqin.toml: the zip's name comes from what the last build recorded, so
    the page does not read every workbook on each view (here the data cannot even be read)."""
    settings = workspace / "houqin.toml"
    lines = settings.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("[term]"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("["))
    settings.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    assert run_cli("build", "-w", workspace, "-q").exit_code == 0
    broken_drills(workspace / "inputs" / "演练记录.xlsx")  # the data no longer loads
    name = "常州市新北区薛家实验小学_2021—2022学年第二学期_检查材料.zip"
    client = page_client(workspace)
    assert f"下载全部（{name}）" in text(client.get("/"))
    response = client.post("/package")
    assert response.status_code == 200 and name in unquote(response.headers["Content-Disposition"])
    assert not (workspace / "outputs" / name).exists()  # streamed, never written into outputs/


@pytest.mark.slow
def test_the_page_writes_what_the_command_line_writes(client, workspace: Path, tmp_path: Path) -> None:
    client.post("/generate", data={"kind": "all"})
    client.application.extensions["houqin"].wait(120)
    by_cli = copy_sample(tmp_path / "cli")
    assert run_cli("build", "-w", by_cli, "-q").exit_code == 0
    assert tree_hash(workspace / "outputs") == tree_hash(by_cli / "outputs")


def test_a_family_button_makes_that_family_only(client, workspace: Path) -> None:
    client.post("/generate", data={"kind": "letters"})
    client.application.extensions["houqin"].wait(60)
    page = text(client.get("/"))
    assert "生成安全工作责任书完成：写入" in page
    folders = {p.relative_to(workspace / "outputs").parts[0]
               for p in (workspace / "outputs").rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert folders == {"安全工作责任书"}

    (workspace / "inputs" / "固定资产.xlsx").unlink()
    client.post("/generate", data={"kind": "assets"})
    client.application.extensions["houqin"].wait(60)
    table = text(client.get("/")).split('id="job-problems"')[1].split("</table>")[0]
    assert "缺少输入，无法生成固定资产" in table and "固定资产.xlsx" in table


def test_generation_with_a_broken_input_lists_problems_and_writes_nothing(
        client, workspace: Path, tmp_path: Path) -> None:
    broken_drills(workspace / "inputs" / "演练记录.xlsx")
    client.post("/generate", data={"kind": "drills"})
    client.application.extensions["houqin"].wait(60)
    page = text(client.get("/"))
    assert "没有生成：发现 1 处错误，未写入任何文件" in page
    assert "第4行" in page.split('id="job-problems"')[1].split("</table>")[0]
    assert not (workspace / "outputs").exists()


def test_blank_workbooks_and_templates_download(client) -> None:
    response = client.get("/blank/演练记录")
    assert response.status_code == 200 and response.mimetype == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["演练记录"]
    assert [c.value for c in sheet[2]][:3] == ["演练日期", "演练名称", "演练类型"]
    assert all(c.value is None for row in sheet.iter_rows(min_row=3) for c in row)
    assert "必填" in sheet["A2"].comment.text
    response = client.get("/templates/安全工作责任书.docx")
    assert response.data == (ROOT / "templates" / "安全工作责任书.docx").read_bytes()
    assert client.get("/blank/../houqin.toml").status_code == 404
    assert client.get("/templates/安全隐患排查整改表.xlsx").status_code == 404


def docx_text_of(data: bytes) -> str:
    with io.BytesIO(data) as handle:
        document = docx.Document(handle)
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)


# ---- the must-show flow in a real browser ---------------------------------------------------


#: Drops a file (bytes in base64) on an element, the way a browser does when one is dragged onto it.
DROP = """
const [data, name, selector] = arguments;
const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
const transfer = new DataTransfer();
transfer.items.add(new File([bytes], name));
const zone = document.querySelector(selector);
for (const type of ["dragover", "drop"]) {
  zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
}
"""


def test_page_in_headless_chromium(chromium: tuple[str, str], workspace: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Upload a broken workbook, see the located error, upload the good one, generate all, get the zip."""
    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium fetch a driver or a browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    shots = tmp_path / "screenshots"
    downloads = tmp_path / "downloads"
    shots.mkdir()
    downloads.mkdir()
    broken = broken_drills(tmp_path / "upload" / "演练记录.xlsx")
    good = Path(shutil.copy(ROOT / "inputs" / "演练记录.xlsx", tmp_path / "good.xlsx"))
    (workspace / "inputs" / "演练记录.xlsx").unlink()

    served = serve(workspace, "127.0.0.1", 0)
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400",
                "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False})
    browser = webdriver.Chrome(options=options, service=Service(chromium[1]))
    wait = WebDriverWait(browser, 60)
    try:
        browser.get(served.url)
        row = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, 'tr[data-stem="演练记录"]')))
        assert "未提供" in row.text
        browser.save_screenshot(str(shots / "1-page.png"))

        browser.find_element(By.ID, "file-演练记录").send_keys(str(broken))
        table = wait.until(ec.presence_of_element_located((By.ID, "problems")))
        located = [r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr") if "下周三" in r.text]
        assert located, table.text
        cells = [c.text for c in located[0].find_elements(By.TAG_NAME, "td")]
        assert cells[:6] == ["错误", "演练记录.xlsx", "演练记录", "第4行", "演练日期", "下周三"]
        browser.save_screenshot(str(shots / "2-problem.png"))

        # The good workbook is dropped on the row's drop zone, as a person drags it from Explorer.
        browser.execute_script(DROP, base64.b64encode(good.read_bytes()).decode(), "演练记录.xlsx",
                               'tr[data-stem="演练记录"] .drop')
        wait.until(ec.text_to_be_present_in_element((By.ID, "check-result"), "检查通过"))
        assert "✔ 演练记录.xlsx" in browser.find_element(By.CSS_SELECTOR, 'tr[data-stem="演练记录"]').text

        browser.find_element(By.ID, "generate-all").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "job-result"), "完成"))
        link = wait.until(ec.element_to_be_clickable((By.ID, "download-zip")))
        assert browser.find_elements(By.CSS_SELECTOR, "a.doc")
        browser.save_screenshot(str(shots / "3-generated.png"))

        link.click()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done = [p for p in downloads.iterdir() if p.suffix == ".zip"]
            if done:
                break
            time.sleep(0.2)
        assert done, list(downloads.iterdir())
        assert done[0].name == "常州市新北区薛家实验小学_2021—2022学年第二学期_检查材料.zip"
        with zipfile.ZipFile(done[0]) as archive:
            name = next(n for n in archive.namelist() if n.startswith("安全工作责任书/") and n.endswith(".docx"))
            opened = tmp_path / "opened.docx"
            opened.write_bytes(archive.read(name))
        assert "安全工作责任书" in docx_text(opened)
    finally:
        browser.quit()
        served.shutdown()


def test_token_page_in_headless_chromium(chromium: tuple[str, str], workspace: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Off loopback: without the token a refusal; the printed URL opens the page, and its
    cookie carries the token to the styles, the script and the next clicks."""
    monkeypatch.setenv("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, create_app(workspace, token="printed-token"), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.port}/"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    browser = webdriver.Chrome(options=options, service=Service(chromium[1]))
    wait = WebDriverWait(browser, 30)
    try:
        browser.get(base)
        assert "需要访问口令" in wait.until(ec.presence_of_element_located((By.ID, "notice"))).text
        browser.get(base + "?token=printed-token")
        wait.until(ec.presence_of_element_located((By.ID, "check-button"))).click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "check-result"), "检查通过"))
        assert "token" not in browser.current_url
        colour = browser.find_element(By.TAG_NAME, "header").value_of_css_property("background-color")
        assert colour == "rgba(31, 78, 121, 1)"  # page.css reached the browser with the cookie
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()


def ipv6() -> bool:
    try:
        socket.create_server(("::1", 0), family=socket.AF_INET6).close()
    except OSError:
        return False
    return True


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "::"])
def test_cli_serve_prints_the_url_that_opens_the_page(workspace: Path, host: str) -> None:
    """The printed address opens the page; ``--host ::`` takes IPv4 too (dual stack), as
    Windows' IPv6 sockets would not by default."""
    import subprocess
    import sys
    from urllib.request import HTTPCookieProcessor, build_opener

    if host == "::" and not (ipv6() and socket.has_dualstack_ipv6()):
        pytest.skip("no IPv6 dual stack on this machine")
    command = [sys.executable, str(ROOT / "cli.py"), "serve", "-w", str(workspace), "--host", host,
               "--port", "0", "--no-browser"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               encoding="utf-8")
    try:
        first = process.stdout.readline()
        assert first.startswith("houqin 网页已启动：http://"), first
        url = first.split("：", 1)[1].strip()
        urls = [url]
        if host != "127.0.0.1":
            assert "?token=" in url
            assert process.stdout.readline().startswith("访问口令：")
            printed = urlsplit(url)
            assert not printed.netloc.startswith("[")  # the IPv4 LAN address (or name) another PC types
            urls = [f"http://127.0.0.1:{printed.port}/?{printed.query}"]  # this machine by IPv4
            if all(c.isdigit() or c == "." for c in printed.hostname):
                urls.append(url)  # and the printed address itself, when it is one (not a host name)
        else:
            assert "token" not in url
        assert process.stdout.readline().strip() == "关闭这个窗口或按 Ctrl-C 停止。"
        for address in urls:
            with build_opener(HTTPCookieProcessor()).open(address, timeout=30) as response:  # keeps the cookie
                assert response.status == 200
                assert "常州市新北区薛家实验小学" in response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(10)
