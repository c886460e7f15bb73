// The UI languages (English, Simplified Chinese), switchable at run time.
import { createI18n } from 'vue-i18n'
import type { Locale } from '@shared/ipc/contract'
import en from './en'
import zhCN from './zh-CN'

export type MessageSchema = typeof en

export function createAppI18n(locale: Locale = 'en') {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, 'zh-CN': zhCN },
    // Chinese has no plural forms: one message serves every count.
    pluralRules: { 'zh-CN': () => 0 }
  })
}
