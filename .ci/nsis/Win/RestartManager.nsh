; The Restart Manager macros Tauri's template uses (utils.nsh, CheckIfAppIsRunning), for
; NSIS releases before 3.09 — Debian 12's makensis is 3.08 and has no Win\RestartManager.nsh.
; Each calls rstrtmgr.dll through the System plugin:
;   RestartManager_StartSession OUT   session handle in OUT, or "" when none could start
;   RestartManager_RegisterFile SESSION FILE   $0 = 0 when FILE was registered
;   RestartManager_EndSession SESSION
; They use $0, $1 and $2.
!ifndef RESTARTMANAGER_NSH
!define RESTARTMANAGER_NSH

!define /ifndef RmForceShutdown 0x1
!define /ifndef RmShutdownOnlyRegistered 0x10

!macro RestartManager_StartSession _handle
  System::Call 'RSTRTMGR::RmStartSession(*i .r1, i 0, w .r2) i .r0'
  ${If} $0 = 0
    StrCpy ${_handle} $1
  ${Else}
    StrCpy ${_handle} ""
  ${EndIf}
!macroend

!macro RestartManager_RegisterFile _handle _file
  System::Call '*(&w${NSIS_MAX_STRLEN} "${_file}") p .r1'
  System::Call '*(p r1) p .r2'
  System::Call 'RSTRTMGR::RmRegisterResources(i ${_handle}, i 1, p r2, i 0, p 0, i 0, p 0) i .r0'
  System::Free $2
  System::Free $1
!macroend

!macro RestartManager_EndSession _handle
  System::Call 'RSTRTMGR::RmEndSession(i ${_handle})'
!macroend

!endif
