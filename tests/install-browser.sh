#!/usr/bin/env bash
# Install what the browser tests need from Debian when it is missing: Chromium, CJK fonts,
# zbar-tools (zbarimg decodes the schools' QR codes), nginx with brotli (deploy/nginx.conf's test),
# Java for the W3C Nu HTML Checker, openssl (the nginx test makes its own certificate), and
# LibreOffice Calc, which saves the exported workbook as an office suite does (tests/test_workbook.py).
# Never downloads a browser from anywhere but the Debian archive.
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/zbarimg ] && [ -x /usr/sbin/nginx ] && command -v java >/dev/null && command -v openssl >/dev/null && command -v soffice >/dev/null && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "正在安装浏览器测试所需的 chromium、fonts-noto-cjk、zbar-tools 和 nginx（Debian 软件包）……"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-noto-cjk zbar-tools nginx-light libnginx-mod-http-brotli-static openssl \
    $(command -v java >/dev/null || echo default-jre-headless) >/dev/null \
    && apt-get install -y -q --no-install-recommends libreoffice-calc >/dev/null && exit 0
  echo "!!! apt-get 安装 chromium 失败。" >&2
else
  echo "!!! 没有找到 /usr/bin/chromium 或 zbarimg。请以 root 运行：apt-get install -y chromium fonts-noto-cjk zbar-tools nginx-light libnginx-mod-http-brotli-static openssl" >&2
fi
# Outside CI the browser tests then skip loudly; in CI they fail (see tests/conftest.py).
exit 0
