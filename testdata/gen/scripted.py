"""What the recorders' fake clouds (azure, openstack) share: scripted faults and bearer tokens.

ScriptedFaults is a base class for a fake that holds `faults` (dicts from a case's `faults`:
`kind`, optional `page`, `id` and `times`), `token_ttl`, `tokens`, `issued` and `lock`:
- fault_for(kind, page=None, ident=None): the first fault of that kind whose `page` (if it names
  one) is `page` and whose `id` (if it names one) occurs in `ident`, ignoring case; one with
  `times` counts down and stops matching at 0. None when no fault matches.
- new_token(): a new token "fake-token-N" that expires `token_ttl` seconds from now.
- token_valid(tok): whether `tok` was issued and has not expired.
"""
import time


class ScriptedFaults:
    def fault_for(self, kind, page=None, ident=None):
        with self.lock:
            for f in self.faults:
                if f.get("kind") != kind:
                    continue
                if "page" in f and f["page"] != page:
                    continue
                if "id" in f and (ident is None or f["id"].lower() not in ident.lower()):
                    continue
                times = f.get("times")
                if times is not None:
                    if times <= 0:
                        continue
                    f["times"] = times - 1
                return f
        return None

    def new_token(self):
        with self.lock:
            self.issued += 1
            tok = "fake-token-%d" % self.issued
            self.tokens[tok] = time.time() + self.token_ttl
            return tok

    def token_valid(self, tok):
        with self.lock:
            exp = self.tokens.get(tok or "")
        return exp is not None and exp > time.time()
