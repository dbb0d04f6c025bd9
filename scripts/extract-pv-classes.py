# Extracts every pv_export_t row (PV class name, module, inner name, index, setter, getter type) from
# Kamailio 5.6.3's sources, for src/pv/generated/pv-classes.ts.
# Usage, in an empty folder:
#   git -C /work/.mirror/kamailio+kamailio/repo archive 5.6.3 src | tar -x
#   mkdir all && for d in src/modules/*; do ln -s ../$d all/; done
#   python3 <repo>/scripts/extract-pv-classes.py     # writes pvs.json
# pvs.json's rows were then written into the generated TypeScript table by hand-run formatting.
import re, os, json, glob
def strip_comments(s):
    s = re.sub(r'/\*.*?\*/', ' ', s, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', s)
def split_top(s):
    out, depth, cur = [], 0, ''
    for ch in s:
        if ch in '({': depth += 1
        if ch in ')}': depth -= 1
        if ch == ',' and depth == 0:
            out.append(cur.strip()); cur = ''
        else: cur += ch
    if cur.strip(): out.append(cur.strip())
    return out
def entries(body):
    res, depth, start = [], 0, None
    for i, ch in enumerate(body):
        if ch == '{':
            if depth == 0: start = i
            depth += 1
        elif ch == '}':
            depth -= 1
            if depth == 0: res.append(body[start+1:i])
    return res
def getter_kind(getf, srcs):
    # find body of getter
    for src in srcs:
        m = re.search(r'\n(?:static\s+)?(?:inline\s+)?int\s+' + re.escape(getf) + r'\s*\([^)]*\)\s*\{', src)
        if not m: continue
        i = m.end(); depth = 1
        while depth and i < len(src):
            if src[i] == '{': depth += 1
            elif src[i] == '}': depth -= 1
            i += 1
        body = src[m.end():i]
        kinds = set()
        if re.search(r'pv_get_(sintval|uintval|intval)\b', body): kinds.add('int')
        if re.search(r'pv_get_(strval|strzval|strlval|strzval)\b|pv_get_(sh|xh)?str', body): kinds.add('str')
        if re.search(r'pv_get_(intstrval|strintval)\b', body): kinds.add('int+str')
        if re.search(r'pv_get_null\b', body) and not kinds: kinds.add('null')
        return kinds
    return None
out = []
files = glob.glob('src/**/*.c', recursive=True)
for f in sorted(files):
    mod = 'core' if f.startswith('src/core') else f.split('/')[2]
    src = strip_comments(open(f, errors='replace').read())
    srcs = [src] + [strip_comments(open(g, errors='replace').read()) for g in glob.glob('all/%s/*.c' % mod)] + [strip_comments(open(g, errors='replace').read()) for g in glob.glob('src/core/*.c')]
    for m in re.finditer(r'pv_export_t\s+(\w+)\s*\[\s*\]\s*=\s*\{', src):
        i = m.end(); depth = 1
        while depth:
            if src[i] == '{': depth += 1
            elif src[i] == '}': depth -= 1
            i += 1
        for e in entries(src[m.end():i-1]):
            fields = split_top(e)
            nm = re.search(r'"([^"]*)"', fields[0])
            if not nm: continue
            f2 = fields[1:] + ['0'] * 8
            t, getf, setf, pname, pidx = f2[0], f2[1], f2[2], f2[3], f2[4]
            isz = lambda x: x.strip() in ('0', 'NULL', '')
            getf = re.sub(r'\(.*?\)', '', getf).strip()
            k = getter_kind(getf, srcs)
            out.append(dict(name=nm.group(1), module=mod, array=m.group(1), type=t, getf=getf,
                            inner=not isz(pname), index=not isz(pidx), writable=not isz(setf),
                            kinds=sorted(k) if k is not None else None))
json.dump(out, open('pvs.json', 'w'), indent=1)
print(len(out))
