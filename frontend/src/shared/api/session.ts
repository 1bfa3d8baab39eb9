// The signed-in state of this tab: the access token lives in memory only (never in storage); the
// refresh token is an HttpOnly cookie the browser sends to /api/auth/ alone.
export type SessionStatus = "unknown" | "authenticated" | "anonymous";

type Listener = () => void;

let accessToken: string | null = null;
let status: SessionStatus = "unknown";
const listeners = new Set<Listener>();

function emit(): void {
  for (const listener of listeners) listener();
}

export const session = {
  token: (): string | null => accessToken,
  status: (): SessionStatus => status,
  signIn(token: string): void {
    accessToken = token;
    status = "authenticated";
    emit();
  },
  signOut(): void {
    accessToken = null;
    status = "anonymous";
    emit();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
