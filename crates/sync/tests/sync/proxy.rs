//! A loopback HTTP/1.1 proxy in front of the hub that can lose a request or an answer on
//! purpose: the network failures sync must survive. Each request gets its own upstream
//! connection (`Connection: close`), so faults hit exactly one exchange.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A failure to inject into the next request that matches.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Close the client's connection without forwarding the request (the hub never sees it).
    LoseRequest {
        method: &'static str,
        path: &'static str,
    },
    /// Forward the request, let the hub answer, and close the client's connection instead of
    /// relaying the answer (the hub applied it; the client cannot know).
    LoseAnswer {
        method: &'static str,
        path: &'static str,
    },
    /// Relay only the first `bytes` bytes of the answer's body, then close.
    CutAnswer {
        method: &'static str,
        path: &'static str,
        bytes: usize,
    },
}

impl Fault {
    fn matches(&self, method: &str, path: &str) -> bool {
        let (m, p) = match self {
            Self::LoseRequest { method, path }
            | Self::LoseAnswer { method, path }
            | Self::CutAnswer { method, path, .. } => (method, path),
        };
        *m == method && path.contains(p)
    }
}

/// One exchange as the proxy saw it.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// The hub's status, when the request reached it.
    pub status: Option<u16>,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Shared {
    faults: VecDeque<Fault>,
    log: Vec<Exchange>,
}

/// The proxy; it stops with the test's runtime.
pub struct FaultyProxy {
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

impl FaultyProxy {
    /// Listens on a loopback port and forwards to `upstream` (`http://host:port`).
    pub async fn start(upstream: &str) -> Self {
        let upstream = upstream.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = shared.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (state, upstream) = (state.clone(), upstream.clone());
                tokio::spawn(async move {
                    let _ = relay(client, &upstream, &state).await;
                });
            }
        });
        Self { url, shared }
    }

    /// Fails the next matching request as `fault` says.
    pub fn inject(&self, fault: Fault) {
        self.shared
            .lock()
            .expect("proxy state")
            .faults
            .push_back(fault);
    }

    /// Everything seen so far.
    pub fn log(&self) -> Vec<Exchange> {
        self.shared.lock().expect("proxy state").log.clone()
    }
}

async fn relay(
    mut client: TcpStream,
    upstream: &str,
    shared: &Mutex<Shared>,
) -> std::io::Result<()> {
    let mut request = Vec::new();
    let head_end = read_head(&mut client, &mut request).await?;
    let head = String::from_utf8_lossy(&request[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (method, path) = (
        first.next().unwrap_or_default().to_string(),
        first.next().unwrap_or_default().to_string(),
    );
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        let mut buffer = [0u8; 65536];
        let read = client.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..read]);
    }
    let fault = {
        let mut shared = shared.lock().expect("proxy state");
        let position = shared.faults.iter().position(|f| f.matches(&method, &path));
        position.and_then(|p| shared.faults.remove(p))
    };
    let mut exchange = Exchange {
        method,
        path,
        headers,
        status: None,
    };
    if let Some(Fault::LoseRequest { .. }) = fault {
        shared.lock().expect("proxy state").log.push(exchange);
        return Ok(());
    }
    // Forward with `Connection: close`, so the answer ends where the upstream stream does.
    let rewritten: String = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect::<Vec<_>>()
        .join("\r\n");
    let mut hub = TcpStream::connect(upstream).await?;
    hub.write_all(format!("{rewritten}\r\nconnection: close\r\n\r\n").as_bytes())
        .await?;
    hub.write_all(&request[head_end + 4..]).await?;
    let mut answer = Vec::new();
    hub.read_to_end(&mut answer).await?;
    exchange.status = String::from_utf8_lossy(&answer[..answer.len().min(12)])
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok());
    shared.lock().expect("proxy state").log.push(exchange);
    match fault {
        Some(Fault::LoseAnswer { .. }) => Ok(()),
        Some(Fault::CutAnswer { bytes, .. }) => {
            let body_start = find(&answer, b"\r\n\r\n").map_or(0, |p| p + 4);
            client
                .write_all(&answer[..(body_start + bytes).min(answer.len())])
                .await?;
            client.flush().await
        }
        _ => {
            client.write_all(&answer).await?;
            client.flush().await
        }
    }
}

/// Reads until the end of the request head; answers where it ends (before its blank line).
async fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            return Ok(end);
        }
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
