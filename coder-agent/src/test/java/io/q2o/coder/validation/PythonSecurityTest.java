package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bandit-class rules: ids, severities, aliases, and no flag for benign look-alikes. */
class PythonSecurityTest {
    private final PythonValidator validator = new PythonValidator();

    private List<Finding> security(String code) {
        ValidationReport r = validator.validate(code, Language.PYTHON);
        assertThat(r.syntaxValid()).as("test code must be valid Python: %s", r.findings()).isTrue();
        return r.findings(Category.SECURITY);
    }

    /** Code, then the expected "SEVERITY rule [Bxxx]" of its one security finding. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "import tempfile\\npath = tempfile.mktemp()\\n| ERROR security.mktemp B306",
            "import requests\\nr = requests.get(url, verify=False, timeout=5)\\n| ERROR security.tls-verify-disabled B501",
            "import ssl\\nctx = ssl._create_unverified_context()\\n| ERROR security.unverified-ssl B323",
            "import hashlib\\ndigest = hashlib.md5(password.encode()).hexdigest()\\n| ERROR security.weak-hash B324",
            "import hashlib\\npassword_hash = hashlib.sha1(data).hexdigest()\\n| ERROR security.weak-hash B324",
            "import hashlib\\netag = hashlib.md5(body).hexdigest()\\n| WARNING security.weak-hash B324",
            "import hashlib\\nh = hashlib.new('md5', body)\\n| WARNING security.weak-hash B324",
            "import shelve\\ndb = shelve.open('data.db')\\n| ERROR security.pickle B301",
            "import jsonpickle\\nobj = jsonpickle.decode(payload)\\n| ERROR security.pickle B301",
            "import dill\\nobj = dill.loads(blob)\\n| ERROR security.pickle B301",
            "import pickle\\nobj = pickle.Unpickler(f).load()\\n| ERROR security.pickle B301",
            "import telnetlib\\ntn = telnetlib.Telnet(host)\\n| ERROR security.telnet B312",
            "import ftplib\\nftp = ftplib.FTP(host)\\n| ERROR security.ftp B321",
            "DB_PASSWORD = 'hunter2-Zq9'\\n| ERROR security.hardcoded-password B105",
            "conn = connect(host='db', password='s3cr3t!pw')\\n| ERROR security.hardcoded-password B106",
            "def login(user, password='admin123'):\\n    return user\\n| ERROR security.hardcoded-password B107",
            "import asyncio\\nasync def main(cmd):\\n    await asyncio.create_subprocess_shell(cmd)\\n| ERROR security.subprocess-shell B602",
            "import os\\ngetattr(os, 'system')(cmd)\\n| ERROR security.os-system B605",
            "import builtins\\ngetattr(builtins, 'eval')(src)\\n| ERROR security.eval B307",
            "exec(code)\\n| ERROR security.exec B102",
            "import requests\\nr = requests.post(url, json=body)\\n| WARNING security.request-timeout B113",
            "import ssl\\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\\n| ERROR security.weak-tls-version B502",
            "import marshal\\nmarshal.loads(b)\\n| ERROR security.marshal B302",
            "from Crypto.Cipher import DES\\nc = DES.new(key, DES.MODE_ECB)\\n| ERROR security.weak-cipher B304",
            "import flask\\napp = flask.Flask(__name__)\\napp.run(debug=True)\\n| WARNING security.flask-debug B201",
    })
    void flagsBanditClassCalls(String escaped, String expected) {
        String code = escaped.replace("\\n", "\n");
        List<Finding> f = security(code);
        assertThat(f).hasSize(1);
        String[] e = expected.split(" ");
        assertThat(f.get(0).severity()).isEqualTo(Severity.valueOf(e[0]));
        assertThat(f.get(0).ruleId()).isEqualTo(e[1]);
        assertThat(f.get(0).message()).startsWith("[" + e[2] + "] ");
        assertThat(validator.validate(code, Language.PYTHON).passed()).isEqualTo(f.get(0).severity() != Severity.ERROR);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "import tempfile as tf\\ntf.mktemp()\\n| security.mktemp",
            "from tempfile import mktemp\\nmktemp()\\n| security.mktemp",
            "from tempfile import mktemp as temp_name\\ntemp_name()\\n| security.mktemp",
            "import requests as rq\\nrq.get(u, verify=False, timeout=3)\\n| security.tls-verify-disabled",
            "from requests import get\\nget(u, verify=False, timeout=3)\\n| security.tls-verify-disabled",
            "session.get(u, verify=False)\\n| security.tls-verify-disabled",
            "from ssl import _create_unverified_context as insecure\\ninsecure()\\n| security.unverified-ssl",
            "import dill as d\\nd.load(f)\\n| security.pickle",
            "from jsonpickle import decode\\ndecode(s)\\n| security.pickle",
            "from telnetlib import Telnet\\nTelnet(h)\\n| security.telnet",
            "import ftplib as f\\nf.FTP(h)\\n| security.ftp",
            "from shelve import open as shelf\\nshelf('x')\\n| security.pickle",
            "import subprocess as sp\\ngetattr(sp, 'getoutput')(cmd)\\n| security.subprocess-shell",
            "from asyncio import create_subprocess_shell\\nasync def f(c):\\n    await create_subprocess_shell(c)\\n| security.subprocess-shell",
            "from hashlib import md5\\nhashed_password = md5(pw).hexdigest()\\n| security.weak-hash",
            "import hashlib as h\\ndigest = h.sha1(user_pw.encode()).hexdigest()\\n| security.weak-hash",
            "DB_PASSWORD = '\u2026'\\n| security.hardcoded-password",
    })
    void followsAliases(String escaped, String rule) {
        String code = escaped.replace("\\n", "\n");
        assertThat(security(code)).extracting(Finding::ruleId).containsExactly(rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "model.eval()\n",
            "import re\npattern = re.compile(r'a+')\n",
            "import yaml\ndata = yaml.safe_load(text)\n",
            "import subprocess\nsubprocess.run(['ls', '-l'], check=True)\n",
            "import hashlib\nkey = hashlib.md5(data, usedforsecurity=False).hexdigest()\n",
            "import hashlib\nh = hashlib.new('md5', data, usedforsecurity=False)\n",
            "import hashlib\nh = hashlib.sha256(password.encode()).hexdigest()\n",
            "# do not call os.system(cmd) or pickle.loads(x) or tempfile.mktemp()\nx = 1\n",
            "msg = 'never use eval(), ssl._create_unverified_context() or verify=False'\n",
            "import tempfile\nfd, path = tempfile.mkstemp()\n",
            "import requests\nr = requests.get(url, timeout=10)\n",
            "import requests\nr = requests.get(url, verify=True, timeout=10)\n",
            "import ftplib\nftp = ftplib.FTP_TLS(host)\n",
            "import json\nobj = json.loads(s)\n",
            "import pickle\nblob = pickle.dumps(obj)\n",
            "PASSWORD_FIELD = 'password'\nTOKEN_URL = 'https://auth.example.com/token'\n",
            "password = os.environ['DB_PASSWORD']\n",
            "DB_PASSWORD = ''\n",
            "password = 'DB_PASSWORD'\n",
            "conn = connect(host='db', password=get_secret('db'))\n",
            "def login(user, password=None):\n    return user\n",
            "form.fields(password='<your password>')\n",
            "def getattr_demo(o):\n    return getattr(o, name)()\n",
            "import os\nvalue = getattr(os, 'environ')\n",
            "d = {}\nx = d.get('k')\n",
            "app.run(debug=True)\n",
            "bypass = 'x1y2z3'\n",
            "pad_token = '[PAD]'\neos_token = '</s>'\n",
    })
    void benignLookAlikesAreNotFlagged(String code) {
        assertThat(security(code)).isEmpty();
    }

    @Test
    void findingsCarryTheLineAndAreErrorsOrWarnings() {
        List<Finding> f = security("import hashlib\n\n\nx = hashlib.md5(b)\n");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(4);
            assertThat(x.column()).isEqualTo(5);
        });
    }
}
