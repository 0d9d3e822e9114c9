/**
 * Who is signed in, for the whole app: loads `GET /api/auth/me` once (which also hands the api
 * client the session's CSRF token), answers "may I?" from the permissions that answer lists (the
 * server's table: the app keeps no copy), and turns any 401 of a member call into "signed out" plus
 * a trip to the sign-in page (coming back to where the person was afterwards).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import { ApiError } from '../api/errors.ts';
import type { Me, Permission, Role } from '../api/types.ts';
import { buildPath } from '../router/match.ts';
import { navigate } from '../router/router.tsx';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'error'; error: unknown }
  | { status: 'signed-in'; me: Me };

export interface Auth {
  state: AuthState;
  /** The signed-in person's data, when signed in. */
  me: Me | undefined;
  /** Their role in the current organization. */
  role: Role | undefined;
  /** Whether the role grants `permission` (GET /api/auth/me lists them); false when signed out. */
  can: (permission: Permission) => boolean;
  /** Roles they may give to teammates (never above their own); empty when they may give none. */
  assignableRoles: readonly Role[];
  isOperator: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signUp: (input: {
    email: string;
    password: string;
    name: string;
    organizationName: string;
  }) => Promise<void>;
  signOut: () => Promise<void>;
  switchOrganization: (organizationId: string) => Promise<void>;
  /** After accepting a teammate invitation (the server signed us in). */
  adoptSession: (csrfToken: string) => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** The sign-in path that comes back to `returnTo` afterwards. */
export function signInPath(returnTo?: string): string {
  return returnTo && returnTo !== '/' ? buildPath('/signin', {}, { next: returnTo }) : '/signin';
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await endpoints.auth.me();
      setState({ status: 'signed-in', me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        api.setCsrfToken(null);
        setState({ status: 'signed-out' });
      } else setState({ status: 'error', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
    api.setUnauthorizedHandler(() => {
      setState({ status: 'signed-out' });
      const here = `${window.location.pathname}${window.location.search}`;
      if (!window.location.pathname.startsWith('/signin')) navigate(signInPath(here), { replace: true });
    });
    return () => api.setUnauthorizedHandler(undefined);
  }, [refresh]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const answer = await endpoints.auth.signIn({ email, password });
      api.setCsrfToken(answer.csrfToken);
      await refresh();
    },
    [refresh],
  );

  const signUp = useCallback(
    async (input: { email: string; password: string; name: string; organizationName: string }) => {
      const answer = await endpoints.auth.signUp(input);
      api.setCsrfToken(answer.csrfToken);
      await refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await endpoints.auth.signOut();
    } catch (error) {
      // Already signed out (401) is fine; a stale CSRF token (403) also ends here: forget it locally.
      if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 403)) throw error;
    }
    api.setCsrfToken(null);
    setState({ status: 'signed-out' });
    navigate('/signin', { replace: true });
  }, []);

  const switchOrganization = useCallback(
    async (organizationId: string) => {
      await endpoints.auth.switchOrganization(organizationId);
      await refresh();
    },
    [refresh],
  );

  const adoptSession = useCallback(
    async (csrfToken: string) => {
      api.setCsrfToken(csrfToken);
      await refresh();
    },
    [refresh],
  );

  const value = useMemo<Auth>(() => {
    const me = state.status === 'signed-in' ? state.me : undefined;
    const role = me?.organization?.role;
    return {
      state,
      me,
      role,
      can: (permission) => me?.permissions.includes(permission) ?? false,
      assignableRoles: me?.assignableRoles ?? [],
      isOperator: me?.user.isPlatformAdmin ?? false,
      signIn,
      signUp,
      signOut,
      switchOrganization,
      adoptSession,
      refresh,
    };
  }, [state, signIn, signUp, signOut, switchOrganization, adoptSession, refresh]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The signed-in state and actions. */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth needs an <AuthProvider>');
  return auth;
}
