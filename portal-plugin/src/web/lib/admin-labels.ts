// Names the 管理 pages show for the directory's codes (loaded with those pages, not with the shell).
import { CHANGE_ACTION_NAMES, EMPLOYMENT_STATUS_NAMES } from '@webitr/contracts/forms/directory-terms';

/** 在職, 留職停薪, 離職. */
export const statusLabel = (status: string): string => (EMPLOYMENT_STATUS_NAMES as Record<string, string>)[status] ?? status;

/** 帳號異動記錄's 異動類別: 授權可用系統, 離職 … */
export const changeActionLabel = (action: string): string => (CHANGE_ACTION_NAMES as Record<string, string>)[action] ?? action;
