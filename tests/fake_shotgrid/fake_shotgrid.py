#!/usr/bin/python3
"""A local stand-in for a ShotGrid site (api3 JSON protocol and uploads), for tests.

It validates as a real site does (spec/shotgrid-api.md): script credentials in
every call (error 102), known entity types and fields (103), required project,
valid status codes, link types and existing targets, file fields only through a
matching LocalStorage (104, CRUD ERROR #N), all errors as HTTP 200 with
{"exception": true, ...}; read with paging; batch as a transaction; the upload
endpoints with line-text answers, a PUT sink returning ETags and multipart
parts; a thumbnail that stays transient for N reads.

    fake_shotgrid.py --dir DIR --script-name NAME --script-key KEY
                     [--schema schema.json] [--direct] [--transient-reads N]
                     [--lifetime SECONDS] [--max-requests N]

It listens on 127.0.0.1 on a free port, writes it to DIR/port, logs each
request to DIR/requests.jsonl (never the key), dumps the database to DIR/db.json
after each change, and stops after --lifetime seconds or --max-requests
requests.  Faults come from DIR/faults.json before each request: a list of
{"method": api3 method or upload path or "PUT", "fault": "http502" | "http504" |
"http503" | "drop_after_commit" | "drop" | "hang", "times": N}; "hang" answers
normally after --hang-seconds, "drop" closes the connection before doing anything.
Only the Python 3 standard library is used.
"""
import argparse
import copy
import hashlib
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PART_MIN = 5 * 1024 * 1024  # S3: every part but the last is at least 5 MiB
MAX_BODY = 200 * 1024 * 1024


class SgError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class Dropped(Exception):
    pass


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


class Site:
    def __init__(self, args):
        self.args = args
        self.dir = args.dir
        self.lock = threading.Lock()
        with open(args.schema, encoding="utf-8") as f:
            data = json.load(f)
        self.schema = data["schema"]
        self.db = {t: {} for t in self.schema}
        for r in data["records"]:
            self.db[r["type"]][r["id"]] = dict(r)
        self.next_id = 2000
        self.uploads = {}
        self.requests = 0
        self.port = 0

    # ---- bookkeeping ----
    def log(self, entry):
        with open(os.path.join(self.dir, "requests.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    def dump(self):
        tmp = os.path.join(self.dir, "db.json.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({t: list(v.values()) for t, v in self.db.items()}, f)
        os.replace(tmp, os.path.join(self.dir, "db.json"))

    def take_fault(self, name):
        path = os.path.join(self.dir, "faults.json")
        try:
            with open(path, encoding="utf-8") as f:
                rules = json.load(f)
        except (OSError, ValueError):
            return None
        for r in rules:
            if r.get("method") in (name, "*") and r.get("times", 1) > 0:
                r["times"] = r.get("times", 1) - 1
                with open(path + ".tmp", "w", encoding="utf-8") as f:
                    json.dump(rules, f)
                os.replace(path + ".tmp", path)
                return r["fault"]
        return None

    def new_id(self):
        self.next_id += 1
        return self.next_id

    # ---- auth ----
    def auth(self, a):
        if not isinstance(a, dict):
            raise SgError(102, "Authentication failed: no credentials")
        if a.get("script_name") != self.args.script_name or a.get("script_key") != self.args.script_key:
            raise SgError(102, "Can't authenticate script '%s'" % a.get("script_name"))
        sudo = a.get("sudo_as_login")
        if sudo is not None and not any(u.get("login") == sudo for u in self.db["HumanUser"].values()):
            raise SgError(102, "sudo_as_login: no active HumanUser with login '%s'" % sudo)

    # ---- values ----
    def entity_type(self, t):
        if t not in self.schema:
            raise SgError(103, "API read() unknown entity type '%s'" % t)
        return self.schema[t]

    def check_value(self, etype, name, value):
        fields = self.entity_type(etype)
        if name not in fields:
            raise SgError(103, "API %s field '%s' doesn't exist" % (etype, name))
        f = fields[name]
        dt = f["data_type"]
        if f.get("editable") is False:
            raise SgError(104, "CRUD ERROR #5: %s.%s is not editable" % (etype, name))
        if value is None:
            return
        if dt == "text" and not isinstance(value, str):
            raise SgError(104, "CRUD ERROR #2: %s.%s expects text" % (etype, name))
        if dt == "number" and not is_int(value):
            raise SgError(104, "CRUD ERROR #2: %s.%s expects an integer" % (etype, name))
        if dt in ("status_list", "list") and value not in f["valid_values"]:
            raise SgError(104, "CRUD ERROR #4: invalid status '%s' for %s.%s; valid values are %s"
                          % (value, etype, name, ", ".join(f["valid_values"])))
        if dt == "entity":
            if not isinstance(value, dict) or set(value) - {"type", "id", "name"} or not is_int(value.get("id")):
                raise SgError(104, "CRUD ERROR #2: %s.%s expects {type, id}" % (etype, name))
            if value["type"] not in f["valid_types"]:
                raise SgError(104, "CRUD ERROR #3: %s.%s cannot link a %s" % (etype, name, value["type"]))
            if value["id"] not in self.db.get(value["type"], {}):
                raise SgError(104, "CRUD ERROR #3: %s %d does not exist" % (value["type"], value["id"]))
        if dt == "url":
            if not isinstance(value, dict):
                raise SgError(104, "CRUD ERROR #2: %s.%s expects a file link" % (etype, name))
            if "local_path" in value:
                lp = value["local_path"]
                if not any(isinstance(lp, str) and lp.startswith(s.get("linux_path", "\0") + "/")
                           for s in self.db["LocalStorage"].values()):
                    raise SgError(104, "CRUD ERROR #6: no LocalStorage matches local_path '%s'" % lp)

    def field_pairs(self, etype, fields):
        if not isinstance(fields, list):
            raise SgError(103, "fields must be a list")
        out = {}
        for f in fields:
            if not isinstance(f, dict) or not isinstance(f.get("field_name"), str) or "value" not in f:
                raise SgError(103, "each field needs field_name and value")
            self.check_value(etype, f["field_name"], f["value"])
            out[f["field_name"]] = f["value"]
        return out

    # ---- methods ----
    def m_info(self, _):
        types = {"*": "*"} if self.args.direct else {}
        return {"version": [8, 50, 0], "s3_direct_uploads_enabled": bool(self.args.direct),
                "s3_enabled_upload_types": types}

    def matches(self, rec, cond):
        path, rel, values = cond.get("path"), cond.get("relation"), cond.get("values")
        if rel != "is" or not isinstance(values, list) or len(values) != 1:
            raise SgError(103, "unsupported filter %s" % json.dumps(cond))
        want = values[0]
        have = rec.get(path)
        if isinstance(want, dict):
            return isinstance(have, dict) and have.get("type") == want.get("type") and have.get("id") == want.get("id")
        return have == want

    def view(self, etype, rec, fields):
        out = {"type": etype, "id": rec["id"]}
        for f in fields:
            if f == "image" and rec.get("_transient", 0) > 0:
                rec["_transient"] -= 1
                out[f] = "https://sg.example/images/status/transient/thumbnail_pending.png"
            elif f in rec:
                out[f] = rec[f]
            elif f not in ("id", "type"):
                out[f] = None
        return out

    def m_read(self, p):
        etype = p.get("type")
        fields_schema = self.entity_type(etype)
        rf = p.get("return_fields")
        if not isinstance(rf, list):
            raise SgError(103, "return_fields must be a list")
        for f in rf:
            if f not in ("id", "type") and f not in fields_schema:
                raise SgError(103, "API read() %s.%s doesn't exist" % (etype, f))
        flt = p.get("filters")
        if not isinstance(flt, dict) or flt.get("logical_operator") != "and" or not isinstance(flt.get("conditions"), list):
            raise SgError(103, "filters must be {logical_operator, conditions}")
        for c in flt["conditions"]:
            if c.get("path") not in ("id",) and c.get("path") not in fields_schema:
                raise SgError(103, "API read() %s.%s doesn't exist" % (etype, c.get("path")))
        paging = p.get("paging") or {}
        per, page = paging.get("entities_per_page"), paging.get("current_page")
        if not is_int(per) or not is_int(page) or per < 1 or per > 500 or page < 1:
            raise SgError(103, "paging must have entities_per_page 1..500 and current_page >= 1")
        per = min(per, self.args.page_size)
        hits = [r for r in self.db[etype].values() if all(self.matches(r, c) for c in flt["conditions"])]
        chunk = hits[(page - 1) * per: page * per]
        return {"entities": [self.view(etype, r, rf) for r in chunk],
                "paging_info": {"has_next_page": len(hits) > page * per}}

    def do_create(self, p, db):
        etype = p.get("type")
        schema = self.entity_type(etype)
        values = self.field_pairs(etype, p.get("fields"))
        for name, f in schema.items():
            if f.get("required") and values.get(name) is None:
                raise SgError(104, "CRUD ERROR #3: %s.%s is required" % (etype, name))
        rec = dict(values)
        rec["id"] = self.new_id()
        rec["type"] = etype
        db[etype][rec["id"]] = rec
        return self.view(etype, rec, p.get("return_fields") or [])

    def do_update(self, p, db):
        etype, eid = p.get("type"), p.get("id")
        self.entity_type(etype)
        if not is_int(eid) or eid not in db[etype]:
            raise SgError(104, "CRUD ERROR #1: %s %s does not exist" % (etype, eid))
        db[etype][eid].update(self.field_pairs(etype, p.get("fields")))
        return self.view(etype, db[etype][eid], list(db[etype][eid]))

    def m_create(self, p):
        return self.do_create(p, self.db)

    def m_update(self, p):
        return self.do_update(p, self.db)

    def m_batch(self, reqs):
        if not isinstance(reqs, list):
            raise SgError(103, "batch takes a list of requests")
        saved = copy.deepcopy(self.db)
        try:
            out = []
            for r in reqs:
                kind = r.get("request_type") if isinstance(r, dict) else None
                if kind == "create":
                    out.append(self.do_create(r, self.db))
                elif kind == "update":
                    out.append(self.do_update(r, self.db))
                else:
                    raise SgError(103, "batch request_type must be create or update")
            return out
        except SgError:
            self.db = saved
            raise

    def m_schema_field_read(self, p):
        etype = p.get("type")
        fields = self.entity_type(etype)
        if "project" in p and (not isinstance(p["project"], dict) or p["project"].get("id") not in self.db["Project"]):
            raise SgError(103, "schema_field_read: unknown project")
        names = [p["field_name"]] if p.get("field_name") else list(fields)
        out = {}
        for n in names:
            if n not in fields:
                raise SgError(103, "API schema_field_read() %s.%s doesn't exist" % (etype, n))
            f = fields[n]
            props = {"default_value": {"value": None}}
            if "valid_values" in f:
                props["valid_values"] = {"value": list(f["valid_values"])}
            if "valid_types" in f:
                props["valid_types"] = {"value": list(f["valid_types"])}
            out[n] = {"data_type": {"value": f["data_type"]}, "editable": {"value": f.get("editable", True)},
                      "properties": props}
        return out

    def api3(self, body):
        try:
            req = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise SgError(103, "the request body is not JSON")
        if not isinstance(req, dict) or not isinstance(req.get("method_name"), str) or not isinstance(req.get("params"), list):
            raise SgError(103, "expected {method_name, params}")
        name, params = req["method_name"], req["params"]
        fn = getattr(self, "m_" + name, None)
        if fn is None:
            raise SgError(103, "unknown method %s" % name)
        if name == "info":
            return name, None, fn(None)
        if len(params) != 2:
            raise SgError(103, "%s takes [auth, payload]" % name)
        self.auth(params[0])
        return name, params[1], fn(params[1])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site = None

    def log_message(self, *a):
        pass

    def reply(self, status, body, ctype="application/json"):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in getattr(self, "extra_headers", {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        n = int(self.headers.get("Content-Length", "0"))
        if n > MAX_BODY:
            raise SgError(103, "body too large")
        return self.rfile.read(n)

    def count(self):
        s = self.site
        with s.lock:
            s.requests += 1
            over = s.requests > s.args.max_requests
        if over:
            self.reply(429, "too many requests for this test server", "text/plain")
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return False
        return True

    def fault_reply(self, fault):
        if fault == "hang":
            time.sleep(self.site.args.hang_seconds)
            return False
        if fault in ("http502", "http504", "http503"):
            self.reply(int(fault[4:]), "<html>gateway</html>", "text/html")
            return True
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        return False

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(2)
        except OSError:
            pass

    def do_POST(self):
        if not self.count():
            return
        s = self.site
        body = self.read_body()
        path = self.path.split("?")[0]
        entry = {"verb": "POST", "path": path}
        try:
            if path == "/api3/json":
                ctype = self.headers.get("Content-Type", "")
                if not ctype.startswith("application/json"):
                    raise SgError(103, "Content-Type must be application/json")
                try:
                    entry["method_name"] = json.loads(body).get("method_name")
                except (ValueError, AttributeError):
                    pass
                fault = s.take_fault(entry.get("method_name"))
                if self.fault_reply(fault):
                    entry["outcome"] = fault
                    return
                with s.lock:
                    name, payload, results = s.api3(body)
                    if isinstance(payload, dict) and "type" in payload:
                        entry["type"] = payload["type"]
                    if name in ("create", "update", "batch"):
                        s.dump()
                entry["outcome"] = "ok"
                if fault == "drop_after_commit":
                    entry["outcome"] = "dropped after commit"
                    self.drop()
                    return
                self.reply(200, json.dumps({"results": results}))
            else:
                fault = s.take_fault(path)
                if self.fault_reply(fault):
                    entry["outcome"] = fault
                    return
                with s.lock:
                    text = self.upload_post(path, body, entry)
                    s.dump()
                entry["outcome"] = "ok" if text.startswith("1") else "refused"
                self.reply(200, text, "text/plain")
        except SgError as e:
            entry["outcome"] = "error %d" % e.code
            entry["message"] = e.message
            self.reply(200, json.dumps({"exception": True, "message": e.message, "error_code": e.code}))
        finally:
            s.log(entry)

    def do_PUT(self):
        if not self.count():
            return
        s = self.site
        m = re.fullmatch(r"/s3/(\d+)(?:/part/(\d+))?", self.path)
        entry = {"verb": "PUT", "path": self.path}
        try:
            fault = s.take_fault("PUT")
            if fault == "hang":
                time.sleep(s.args.hang_seconds)
            elif fault and fault != "drop_after_commit":
                self.read_body()
                self.fault_reply(fault)
                entry["outcome"] = fault
                return
            if "script_key" in self.path or any("script" in k.lower() for k in self.headers.keys()):
                raise SgError(103, "storage PUTs carry no credentials")
            if not m or int(m.group(1)) not in s.uploads or "Content-Length" not in self.headers:
                self.read_body()
                self.reply(400, "bad upload URL or no Content-Length", "text/plain")
                entry["outcome"] = "bad"
                return
            n = int(self.headers["Content-Length"])
            digest = hashlib.md5()
            left = n
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 20))
                if not chunk:
                    break
                digest.update(chunk)
                left -= len(chunk)
            with s.lock:
                up = s.uploads[int(m.group(1))]
                etag = '"%s"' % digest.hexdigest()
                part = int(m.group(2)) if m.group(2) else 0
                up["parts"][part] = {"size": n, "etag": etag}
            entry.update({"outcome": "ok", "size": n, "part": part,
                          "content_type": self.headers.get("Content-Type", "")})
            self.extra_headers = {"ETag": etag}
            self.reply(200, "")
        except SgError as e:
            entry["outcome"] = "refused"
            self.reply(403, e.message, "text/plain")
        finally:
            s.log(entry)

    # ---- uploads ----
    def form(self, body):
        ctype = self.headers.get("Content-Type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            q = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            return {k: v[0] for k, v in q.items()}, {}
        if ctype.startswith("multipart/form-data"):
            msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
            fields, files = {}, {}
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                data = part.get_payload(decode=True) or b""
                if part.get_filename():
                    files[name] = (part.get_filename(), data)
                else:
                    fields[name] = data.decode("utf-8")
            return fields, files
        raise SgError(103, "upload forms are urlencoded or multipart")

    def need(self, f, *names):
        for n in names:
            if not f.get(n):
                return "0\nmissing %s" % n
        return None

    def upload_post(self, path, body, entry):
        s = self.site
        f, files = self.form(body)
        try:
            s.auth({k: f.get(k) for k in ("script_name", "script_key", "sudo_as_login") if k in f})
        except SgError as e:
            return "0\n" + e.message
        base = "http://127.0.0.1:%d" % s.port
        if path == "/upload/api_get_upload_link_info":
            bad = self.need(f, "upload_type", "filename", "multipart_upload")
            if bad or f["multipart_upload"] not in ("True", "False") or f["upload_type"] not in ("Attachment", "Thumbnail"):
                return bad or "0\nbad upload_type or multipart_upload"
            uid = s.new_id()
            ts = "%d" % int(time.time())
            s.uploads[uid] = {"filename": f["filename"], "type": f["upload_type"], "ts": ts,
                              "multipart": f["multipart_upload"] == "True", "parts": {}, "complete": False}
            entry["multipart"] = f["multipart_upload"]
            return "1\n%s/s3/%d\n%s\n%s\n%d" % (base, uid, ts, f["upload_type"], uid)
        if path == "/upload/api_get_upload_link_for_part":
            bad = self.need(f, "upload_type", "filename", "timestamp", "upload_id", "part_number")
            up = s.uploads.get(int(f.get("upload_id") or 0))
            if bad or not up or not up["multipart"] or up["ts"] != f["timestamp"] or not f["part_number"].isdigit():
                return bad or "0\nunknown multipart upload"
            entry["part"] = int(f["part_number"])
            return "1\n%s/s3/%s/part/%s" % (base, f["upload_id"], f["part_number"])
        if path == "/upload/api_complete_multipart_upload":
            up = s.uploads.get(int(f.get("upload_id") or 0))
            if not up or not up["multipart"] or up["ts"] != f.get("timestamp"):
                return "0\nunknown multipart upload"
            parts = [up["parts"][k] for k in sorted(up["parts"])]
            if f.get("etags") != ",".join(p["etag"] for p in parts) or not parts:
                return "0\netags do not match the parts"
            if any(p["size"] < PART_MIN for p in parts[:-1]) or sorted(up["parts"]) != list(range(1, len(parts) + 1)):
                return "0\nparts must be numbered from 1 and all but the last at least 5 MiB"
            up["complete"] = True
            up["size"] = sum(p["size"] for p in parts)
            entry["parts"] = len(parts)
            return "1"
        if path == "/upload/api_link_file":
            bad = self.need(f, "entity_type", "entity_id", "upload_link_info")
            if bad:
                return bad
            lines = f["upload_link_info"].split("\n")
            up = s.uploads.get(int(lines[4])) if len(lines) >= 5 and lines[4].isdigit() else None
            if not up:
                return "0\nupload_link_info is not one this site gave"
            if up["multipart"] and not up["complete"]:
                return "0\nthe multipart upload was not completed"
            if not up["multipart"] and 0 not in up["parts"]:
                return "0\nnothing was uploaded"
            size = up.get("size", up["parts"].get(0, {}).get("size", 0))
            return self.attach(f, up["filename"], size, up["type"] == "Thumbnail")
        if path == "/upload/upload_file":
            bad = self.need(f, "entity_type", "entity_id", "field_name")
            if bad or "file" not in files:
                return bad or "0\nno file part"
            return self.attach(f, files["file"][0], len(files["file"][1]), False)
        if path == "/upload/publish_thumbnail":
            bad = self.need(f, "entity_type", "entity_id")
            if bad or "thumb_image" not in files:
                return bad or "0\nno thumb_image part"
            return self.attach(f, files["thumb_image"][0], len(files["thumb_image"][1]), True)
        return "0\nunknown upload endpoint"

    def attach(self, f, filename, size, thumbnail):
        s = self.site
        etype = f["entity_type"]
        if etype not in s.db or not f["entity_id"].isdigit() or int(f["entity_id"]) not in s.db[etype]:
            return "0\nno such entity"
        rec = s.db[etype][int(f["entity_id"])]
        if not thumbnail:
            field = f.get("field_name")
            if not field or s.schema[etype].get(field, {}).get("data_type") != "url":
                return "0\nfield_name is not a file field of %s" % etype
        aid = s.new_id()
        s.db["Attachment"][aid] = {"type": "Attachment", "id": aid, "display_name": f.get("display_name") or filename,
                                   "this_file": {"name": filename, "size": size},
                                   "attachment_links": [{"type": etype, "id": rec["id"]}]}
        if not thumbnail:
            rec[f["field_name"]] = {"type": "Attachment", "id": aid, "name": filename}
        # A movie or a thumbnail makes the site build the thumbnail: transient for a while.
        rec["image"] = "https://sg.example/thumbnails/%d.jpg" % aid
        rec["_transient"] = s.args.transient_reads
        return "1:%d" % aid


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--script-name", required=True)
    ap.add_argument("--script-key", required=True)
    ap.add_argument("--schema", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema.json"))
    ap.add_argument("--direct", action="store_true")
    ap.add_argument("--transient-reads", type=int, default=2)
    ap.add_argument("--page-size", type=int, default=500)
    ap.add_argument("--hang-seconds", type=float, default=3)
    ap.add_argument("--lifetime", type=float, default=60)
    ap.add_argument("--max-requests", type=int, default=200)
    args = ap.parse_args()
    site = Site(args)
    Handler.site = site
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    site.dump()
    tmp = os.path.join(args.dir, "port.tmp")
    with open(tmp, "w") as f:
        f.write(str(site.port))
    os.replace(tmp, os.path.join(args.dir, "port"))
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
