import { createContext, useContext } from 'react';
import type { OrganisationAdmin } from '../api.ts';

export interface AdminState {
  organisationId: string;
  org: OrganisationAdmin;
  /** fetches the organisation again (after a change that shows in it: level, pending requests) */
  reload: () => void;
}

export const AdminContext = createContext<AdminState | undefined>(undefined);

/** The organisation whose administration is open, and what the caller may do in it. */
export function useAdmin(): AdminState {
  const state = useContext(AdminContext);
  if (!state) throw new Error('useAdmin outside AdminPage');
  return state;
}
