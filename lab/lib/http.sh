# lab/lib/http.sh: The HTTP (webmail) stand-in of each host.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# The HTTP (webmail) stand-in, run by socat per connection: the body is the host name.
write_standins() { # host
  local h=$1
  cat >"$RUN/$h/http.sh" <<EOF
#!/bin/sh
# HTTP stand-in of lab host $h (webmail): the body is the host name.
cr=\$(printf '\r')
while IFS= read -r line; do line=\${line%"\$cr"}; [ -z "\$line" ] && break; done
printf 'HTTP/1.0 200 OK\r\nServer: MailHa-lab\r\nContent-Type: text/plain\r\nContent-Length: ${#h}\r\nConnection: close\r\n\r\n$h'
EOF
  chmod 0755 "$RUN/$h/http.sh"
}
