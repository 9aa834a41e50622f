#!/usr/bin/env python3
"""Score a running CryoCdsHooks service against the held-out workflow expectations (python3 stdlib only).

Usage: python3 score.py [base-url] [expected.json]     (default http://localhost:5080, ./expected.json)

Each request is posted once, to the scenario's own service, with a fresh hookInstance. The answer for a resource is
the Da Vinci CRD coverage-information extension on that resource in the response's systemActions (covered,
pa-needed, info-needed). `notAnswered` / `noCoverage` resources must carry none. Always exits 0.
"""
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

COVERAGE_INFO = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"


def post(url, body):
    data = json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read().decode("utf-8") or "null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")[:300]
    except (urllib.error.URLError, OSError, ValueError) as e:
        return None, str(e)


def answers(response):
    out = {}
    if not isinstance(response, dict):
        return out
    for action in response.get("systemActions") or []:
        res = action.get("resource") or {}
        key = "%s/%s" % (res.get("resourceType"), res.get("id"))
        for ext in res.get("extension") or []:
            if ext.get("url") != COVERAGE_INFO or key in out:
                continue
            subs = ext.get("extension") or []
            one = {e.get("url"): e.get("valueCode") for e in subs}
            info = sorted(e.get("valueCode") for e in subs if e.get("url") == "info-needed")
            out[key] = (one.get("covered"), one.get("pa-needed"), info)
    return out


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://localhost:5080").rstrip("/")
    exp_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                  "expected.json")
    root = os.path.dirname(os.path.abspath(exp_path))
    with open(exp_path) as f:
        scenarios = json.load(f)
    ok_sc = ok_ord = n_ord = 0
    for sc in scenarios:
        with open(os.path.join(root, sc["request"])) as f:
            body = json.load(f)
        body["hookInstance"] = str(uuid.uuid4())
        status, resp = post("%s/cds-services/%s" % (base, sc["service"]), body)
        got = answers(resp) if status == 200 else {}
        lines = [] if status == 200 else ["HTTP %s: %s" % (status, str(resp)[:200])]
        for o in sc.get("orders", []):
            n_ord += 1
            g = got.get(o["reference"])
            good = status == 200 and g is not None and g[0] == o["covered"] and g[1] == o.get("paNeeded") and \
                ("infoNeeded" not in o or sorted(o["infoNeeded"]) == g[2])
            if good:
                ok_ord += 1
            else:
                lines.append("%s expected %s/%s%s got %s" % (
                    o["reference"], o["covered"], o.get("paNeeded") or "-",
                    (" info " + ",".join(o["infoNeeded"])) if "infoNeeded" in o else "",
                    "none" if g is None else "%s/%s info %s" % (g[0], g[1] or "-", ",".join(g[2]) or "-")))
        for r in list(sc.get("notAnswered", [])) + list(sc.get("noCoverage", [])):
            n_ord += 1
            g = got.get(r)
            if status == 200 and g is None:
                ok_ord += 1
            else:
                lines.append("%s expected no answer got %s" % (r, g))
        if not lines:
            ok_sc += 1
        print("%s %s" % ("PASS" if not lines else "FAIL", sc["scenario"]))
        for line in lines:
            print("       " + line)
    print("\nscenarios %d/%d passed, answers %d/%d right" % (ok_sc, len(scenarios), ok_ord, n_ord))
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the scorer reports, it never fails the caller
        print("score.py error: %s" % e)
    sys.exit(0)
