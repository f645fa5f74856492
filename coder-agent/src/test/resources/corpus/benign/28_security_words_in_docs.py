"""Never call pickle.loads, tempfile.mktemp() or ssl._create_unverified_context().

Also avoid requests.get(url, verify=False) and telnetlib.Telnet.
"""
# DB_PASSWORD = "hunter2" would be flagged in code
NOTE = "getattr(os, 'system')(cmd) is dangerous"
