//! Sending the DNS queries the core builds: its wire bytes over UDP (TCP when asked, with the
//! 2-byte length prefix), to one server or to the system's resolvers from /etc/resolv.conf.
//! The bytes are the core's in both directions; this module only moves them.

use ncpcert::globaldns::{DnsQuery, QueryTarget};
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

/// How long one server may take to answer over UDP.
const UDP_TIMEOUT: Duration = Duration::from_secs(3);
/// How long connecting and answering over TCP may take.
const TCP_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest DNS message (TCP's length prefix is 16 bits).
const MAX_MESSAGE: usize = 65_535;
/// Where the system's resolvers are listed.
const RESOLV_CONF: &str = "/etc/resolv.conf";

/// Sends the core's queries where each asks to go; the system's resolvers are read once, on
/// the first query that wants them.
pub struct Resolver {
    system: Option<Vec<SocketAddr>>,
    /// Trace each query and what came back on stderr (`--verbose`).
    verbose: bool,
}

impl Resolver {
    pub fn new(verbose: bool) -> Self {
        Resolver {
            system: None,
            verbose,
        }
    }

    /// The answer's bytes to `query`, or why none came.
    pub fn send(&mut self, query: &DnsQuery) -> Result<Vec<u8>, String> {
        let answer = match &query.target {
            QueryTarget::Server(address) => match address.parse::<SocketAddr>() {
                Ok(server) => ask(server, &query.wire, query.tcp),
                Err(_) => Err(format!("{address} is not an address and port")),
            },
            _ => {
                let servers = self.system.get_or_insert_with(system_resolvers);
                ask_any(servers, &query.wire, query.tcp)
            }
        };
        if self.verbose {
            eprintln!(
                "ncpcert: dns {} {} -> {}",
                query.query_type.as_str(),
                query.name,
                match &answer {
                    Ok(bytes) => format!("{} bytes", bytes.len()),
                    Err(e) => e.clone(),
                }
            );
        }
        answer
    }
}

/// The system's resolvers: the `nameserver` lines of /etc/resolv.conf, in order; the local
/// resolver (127.0.0.1:53) when there are none, as the C library does.
pub fn system_resolvers() -> Vec<SocketAddr> {
    let text = std::fs::read_to_string(RESOLV_CONF).unwrap_or_default();
    let mut servers = nameservers(&text);
    if servers.is_empty() {
        servers.push(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53));
    }
    servers
}

/// The `nameserver ADDRESS` lines of a resolv.conf text (an IPv6 address may carry a
/// `%zone`, which is dropped).
fn nameservers(text: &str) -> Vec<SocketAddr> {
    text.lines()
        .filter_map(|line| {
            let line = line.split(['#', ';']).next().unwrap_or("");
            let mut words = line.split_whitespace();
            match (words.next(), words.next()) {
                (Some("nameserver"), Some(address)) => {
                    let address = address.split('%').next().unwrap_or(address);
                    address
                        .parse::<IpAddr>()
                        .ok()
                        .map(|ip| SocketAddr::new(ip, 53))
                }
                _ => None,
            }
        })
        .collect()
}

/// Asks `server` the query `wire`; the answer's bytes.
pub fn ask(server: SocketAddr, wire: &[u8], tcp: bool) -> Result<Vec<u8>, String> {
    if tcp {
        ask_tcp(server, wire).map_err(|e| format!("{server} over TCP: {e}"))
    } else {
        ask_udp(server, wire).map_err(|e| format!("{server} over UDP: {e}"))
    }
}

/// Asks each of `servers` in turn until one answers.
pub fn ask_any(servers: &[SocketAddr], wire: &[u8], tcp: bool) -> Result<Vec<u8>, String> {
    let mut failures = Vec::new();
    for server in servers {
        match ask(*server, wire, tcp) {
            Ok(answer) => return Ok(answer),
            Err(e) => failures.push(e),
        }
    }
    Err(failures.join("; "))
}

fn ask_udp(server: SocketAddr, wire: &[u8]) -> std::io::Result<Vec<u8>> {
    let local: SocketAddr = if server.is_ipv4() {
        (Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let socket = UdpSocket::bind(local)?;
    socket.connect(server)?;
    socket.send(wire)?;
    let deadline = Instant::now() + UDP_TIMEOUT;
    let mut buffer = vec![0u8; MAX_MESSAGE];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        socket.set_read_timeout(Some(left))?;
        let n = socket.recv(&mut buffer)?;
        // A stray datagram (another query's late answer) is skipped; the core checks the
        // answer itself.
        if n >= 2 && wire.len() >= 2 && buffer[..2] == wire[..2] {
            buffer.truncate(n);
            return Ok(buffer);
        }
    }
}

fn ask_tcp(server: SocketAddr, wire: &[u8]) -> std::io::Result<Vec<u8>> {
    let length = u16::try_from(wire.len())
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "query too long"))?;
    let mut stream = TcpStream::connect_timeout(&server, TCP_TIMEOUT)?;
    stream.set_read_timeout(Some(TCP_TIMEOUT))?;
    stream.set_write_timeout(Some(TCP_TIMEOUT))?;
    let mut message = Vec::with_capacity(wire.len() + 2);
    message.extend_from_slice(&length.to_be_bytes());
    message.extend_from_slice(wire);
    stream.write_all(&message)?;
    let mut prefix = [0u8; 2];
    stream.read_exact(&mut prefix)?;
    let mut answer = vec![0u8; usize::from(u16::from_be_bytes(prefix))];
    stream.read_exact(&mut answer)?;
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolv_conf_nameserver_lines() {
        let text = "# comment\nsearch example.com\nnameserver 192.0.2.1\nnameserver  \
                    fe80::1%eth0 # link-local\n;nameserver 192.0.2.9\nnameserver bogus\n\
                    options ndots:2\nnameserver 2001:db8::53\n";
        let found: Vec<String> = nameservers(text).iter().map(|s| s.to_string()).collect();
        assert_eq!(found, ["192.0.2.1:53", "[fe80::1]:53", "[2001:db8::53]:53"]);
        assert!(nameservers("").is_empty());
    }

    #[test]
    fn udp_and_tcp_move_the_bytes_unchanged() {
        // A server that answers each query with the query's id and a fixed body.
        let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
        let address = udp.local_addr().unwrap();
        let tcp = std::net::TcpListener::bind(address).unwrap();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 512];
            let (n, from) = udp.recv_from(&mut buffer).unwrap();
            // A stray answer with another id first: skipped by the client.
            udp.send_to(&[0xff, 0xff, 1], from).unwrap();
            let mut answer = buffer[..2].to_vec();
            answer.extend_from_slice(&buffer[2..n]);
            answer.push(0xaa);
            udp.send_to(&answer, from).unwrap();
        });
        std::thread::spawn(move || {
            let (mut stream, _) = tcp.accept().unwrap();
            let mut prefix = [0u8; 2];
            stream.read_exact(&mut prefix).unwrap();
            let mut query = vec![0u8; usize::from(u16::from_be_bytes(prefix))];
            stream.read_exact(&mut query).unwrap();
            query.push(0xbb);
            let mut out = (query.len() as u16).to_be_bytes().to_vec();
            out.extend_from_slice(&query);
            stream.write_all(&out).unwrap();
        });
        assert_eq!(ask(address, &[1, 2, 3], false).unwrap(), [1, 2, 3, 0xaa]);
        assert_eq!(ask(address, &[4, 5, 6], true).unwrap(), [4, 5, 6, 0xbb]);
    }
}
