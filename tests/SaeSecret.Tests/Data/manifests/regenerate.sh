#!/usr/bin/env bash
# Regenerates the kubectl-made manifests in this folder (test data for the manifest cmdlets), offline:
#   kubectl create secret ... --dry-run=client -o yaml|json   (made with kubectl v1.32.4)
# Every value is made up; tls.key is a throwaway key made here. The files are kept as kubectl wrote them.
set -euo pipefail
cd "$(dirname "$0")"
k() { kubectl create secret "$@" --dry-run=client; }

# Inputs
printf '# app settings\nDB_USER=app\nDB_PASSWORD=not-a-real-password\nAPI_URL=https://api.example.com/v1?x=1\n' > app.env
python3 -c "import sys; sys.stdout.buffer.write(bytes(range(256)) + b'\xff\xfe\x00\xd7m\xf8')" > binary.bin
printf '{"feature":true,"level":3}\n' > config.json
if [ ! -f tls.key ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key -out tls.crt \
    -days 3650 -subj '/CN=example.test' 2>/dev/null
fi

# From literals (UTF-8, an empty value, a value that looks like a number), env files and binary files.
k generic app-literals --from-literal=username=app --from-literal='password=p@ss w0rd#1' --from-literal=port=5432 \
  --from-literal=empty= --from-literal='unicode=密码 ü' --type=Opaque -n cn-hangzhou:prod -o yaml > kubectl-generic-literals.yaml
k generic app-env --from-env-file=app.env --type=Opaque -n cn-hangzhou:prod -o yaml > kubectl-generic-envfile.yaml
k generic app-files --from-file=keystore.p12=binary.bin --from-file=config.json --type=Opaque -o yaml > kubectl-generic-files.yaml
# Without --type kubectl writes no type: Opaque is implied.
k generic app-untyped --from-literal=k=v -o yaml > kubectl-generic-untyped.yaml
k generic app-json --from-literal=username=app --from-file=keystore.p12=binary.bin -n cn-beijing:test -o json > kubectl-generic.json
k docker-registry registry-login --docker-server=registry.cn-hangzhou.aliyuncs.com --docker-username=user \
  --docker-password=not-a-real-password --docker-email=ops@example.com -n cn-hangzhou:prod -o yaml > kubectl-docker-registry.yaml
k tls web-tls --cert=tls.crt --key=tls.key -n cn-beijing:test -o yaml > kubectl-tls.yaml

# kubectl's key order and quoting (go-yaml v2). kubectl sorts a Go map, so keys whose order is not transitive
# (leading zeros: 0X1f, 0b101, 08, 1...) come out in a different order from run to run: those are kept apart.
k generic key-order --type=Opaque -o yaml \
  --from-literal=-x=a --from-literal=.5=a --from-literal=.5e3=a --from-literal=.NaN=a --from-literal=.inf=a --from-literal=.x=a \
  --from-literal=_1=a --from-literal=0.5.1=a --from-literal=08=a --from-literal=1.=a --from-literal=1.5E-3=a --from-literal=1__2=a \
  --from-literal=1_000=a --from-literal=1e=a --from-literal=1e-3=a --from-literal=1e3=a --from-literal=2024-2-3=a \
  --from-literal=2024-02-30=a --from-literal=NO=a --from-literal=Off=a --from-literal=on=a --from-literal=a10=a --from-literal=a2=a \
  --from-literal=A=a --from-literal=Zb=a --from-literal=a-b=a --from-literal=a.b=a --from-literal=a_b=a --from-literal=yes=a \
  --from-literal=y=a --from-literal=b=a --from-literal=B=a --from-literal=a01=a --from-literal=a1=a --from-literal=-1=a \
  --from-literal=-.5=a --from-literal=1-2=a --from-literal=x.10.y=a --from-literal=x.9.y=a > kubectl-key-order.yaml
k generic key-quoting --type=Opaque -o yaml \
  --from-literal=0X1f=a --from-literal=0b101=a --from-literal=0o17=a --from-literal=1=a > kubectl-key-quoting.yaml
# A key of 128 characters is written plainly, one of 129 as "? key".
k generic long-keys --type=Opaque -o yaml --from-literal="$(printf 'k%.0s' $(seq 1 128))=a" \
  --from-literal="$(printf 'l%.0s' $(seq 1 129))=b" > kubectl-long-keys.yaml
# Namespaces that kubectl folds at 80 columns, quotes, or writes as they are; three documents, as ConvertTo writes them.
{
  k generic ns-folded --type=Opaque -o yaml --from-literal=a=b \
    -n "cn-x:$(for i in $(seq 1 20); do printf 'word%d ' "$i"; done)end"
  echo '---'
  k generic ns-quoted --type=Opaque -o yaml --from-literal=a=b -n 'cn-x:a #b'
  echo '---'
  k generic ns-unicode --type=Opaque -o yaml --from-literal=a=b -n 'cn-x:测试'
} > kubectl-namespaces.yaml
