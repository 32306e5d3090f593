"""The inspection zip: UTF-8 names Windows shows correctly, only listed files, same bytes twice."""

import zipfile

from helpers import copy_sample, run_cli

from pipeline.outputs.package import pack, zip_name


def test_pack_lists_each_manifest_file_once_with_utf8_names(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    outputs = ws / "outputs"
    (outputs / "旧文件.docx").write_bytes(b"left by a person")
    target = pack(ws)
    assert target.name == "常州市新北区薛家实验小学_2021—2022学年第二学期_检查材料.zip"
    produced = sorted(p.relative_to(outputs).as_posix() for p in outputs.rglob("*.docx") if p.name != "旧文件.docx")
    with zipfile.ZipFile(target) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == produced
        assert all(i.flag_bits & 0x800 for i in infos)
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert archive.read(infos[0].filename) == (outputs / infos[0].filename).read_bytes()
    before = target.read_bytes()
    mtime = target.stat().st_mtime_ns
    assert pack(ws) == target
    assert target.read_bytes() == before
    assert target.stat().st_mtime_ns == mtime


def test_zip_name_is_safe_for_windows():
    assert zip_name("某校/分校", "2021—2022学年第一学期") == "某校_分校_2021—2022学年第一学期_检查材料.zip"
    assert zip_name("某校", "") == "某校_检查材料.zip"


def test_a_pdf_older_than_its_document_is_left_out(tmp_path):
    import json
    import os

    from pipeline.outputs.writer import sha256

    ws = copy_sample(tmp_path / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    outputs = ws / "outputs"
    letters = sorted((outputs / "安全工作责任书").glob("*.docx"))
    fresh, stale = letters[0].with_suffix(".pdf"), letters[1].with_suffix(".pdf")
    for pdf in (fresh, stale):
        pdf.write_bytes(b"%PDF-1.4 a printed copy")
    manifest = json.loads((outputs / "manifest.json").read_text("utf-8"))
    for pdf in (fresh, stale):
        manifest["files"].append({"path": pdf.relative_to(outputs).as_posix(), "kind": "letters", "title": "",
                                  "period": "", "inputs": [], "sha256": sha256(pdf.read_bytes())})
    (outputs / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    then = letters[1].stat().st_mtime_ns
    os.utime(stale, ns=(then - 10**9, then - 10**9))  # the document was rewritten after its PDF
    os.utime(fresh, ns=(then + 10**9, then + 10**9))
    with zipfile.ZipFile(pack(ws)) as archive:
        names = set(archive.namelist())
    assert fresh.relative_to(outputs).as_posix() in names
    assert stale.relative_to(outputs).as_posix() not in names
